package dev.polybridge.api;

import dev.polybridge.classify.ClassifierFactory;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The served model: created once when the server starts (never in CLI mode), warmed up, then fed through the
 * {@link DynamicBatcher}. Loading runs in the background so the HTTP server and liveness are up at once; readiness
 * follows {@link #state()}. At shutdown (after Quarkus has let in-flight requests finish) the batcher drains, then the
 * classifier and the Python context close.
 */
@ApplicationScoped
public class ClassificationService {
    private static final Logger LOG = Logger.getLogger(ClassificationService.class);
    static final String STREAM_STOPPED = "the service is shutting down";
    static final String WARM_UP_TEXT = "A warm-up sentence, classified once before the service reports ready.";

    public enum State {
        NOT_STARTED,
        LOADING,
        READY,
        FAILED,
        DRAINING,
        STOPPING,
        STOPPED
    }

    private final ClassifierFactory factory;
    private final ModelConfig model;
    private final BatchConfig batch;
    private final int workers;
    private final boolean serve;
    private final Duration drainTimeout;
    private final Duration streamTimeout;
    private final Set<ClassifyJob> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger streamsStopped = new AtomicInteger();
    private final ServiceMetrics metrics;
    private final ServiceSettings settings;
    private final Instant startedAt = Instant.now();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    private volatile State state = State.NOT_STARTED;
    private volatile String failure;
    private volatile TextClassifier classifier;
    private volatile DynamicBatcher batcher;
    private volatile Duration loadTime;

    @Inject
    ClassificationService(
            ClassifierFactory factory,
            ModelConfig model,
            BatchConfig batch,
            @ConfigProperty(name = "polybridge.workers", defaultValue = "" + SentimentOptions.DEFAULT_WORKERS)
                    int workers,
            @ConfigProperty(name = "polybridge.serve", defaultValue = "false") boolean serve,
            @ConfigProperty(name = "polybridge.shutdown.drain-timeout", defaultValue = "20s") Duration drainTimeout,
            @ConfigProperty(name = "polybridge.shutdown.stream-timeout", defaultValue = "20s") Duration streamTimeout,
            ServiceMetrics metrics,
            ServiceSettings settings) {
        this.factory = factory;
        this.model = model;
        this.batch = batch;
        this.workers = workers;
        this.serve = serve;
        this.drainTimeout = drainTimeout;
        this.streamTimeout = streamTimeout;
        this.metrics = metrics;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        if (serve) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        shutdown(drainTimeout);
    }

    /** Starts loading the model in the background; {@link #loaded()} completes when it is warm, or fails. */
    synchronized void start() {
        if (state != State.NOT_STARTED) return;
        state = State.LOADING;
        Thread.ofPlatform().name("polybridge-model-loader").start(this::load);
        CompletableFuture.delayedExecutor(model.warmUpTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> fail(
                        "the model did not load and warm up within "
                                + model.warmUpTimeout().toSeconds() + " s (polybridge.model.warm-up-timeout)",
                        null));
    }

    private void load() {
        long started = System.nanoTime();
        String unusable = settings.problem();
        if (unusable != null) {
            fail("unusable settings: " + unusable, null);
            return;
        }
        try {
            SentimentOptions options = options();
            TextClassifier opened = factory.open(options);
            List<Classification> warm = opened.classifyAsync(List.of(WARM_UP_TEXT))
                    .get(model.warmUpTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (warm.size() != 1 || warm.getFirst() == null || warm.getFirst().isError()) {
                throw new IllegalStateException("the warm-up call returned " + warm);
            }
            DynamicBatcher opening = new DynamicBatcher(opened, batcherSettings(), metrics);
            synchronized (this) {
                if (state != State.LOADING) {
                    opening.close(Duration.ZERO);
                    opened.close();
                    return;
                }
                classifier = opened;
                batcher = opening;
                loadTime = Duration.ofNanos(System.nanoTime() - started);
                state = State.READY;
            }
            metrics.bind(this);
            LOG.infof("model ready in %d ms: %s", loadTime.toMillis(), opened.describe());
            loaded.complete(null);
        } catch (TimeoutException e) {
            fail(
                    "the warm-up call did not finish within "
                            + model.warmUpTimeout().toSeconds() + " s (polybridge.model.warm-up-timeout)",
                    e);
        } catch (Throwable t) {
            Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
            fail(
                    "the model could not be loaded: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    cause);
        }
    }

    private synchronized void fail(String message, Throwable cause) {
        if (state != State.LOADING) return;
        state = State.FAILED;
        failure = message;
        LOG.error(message, cause instanceof ModelException ? null : cause);
        loaded.completeExceptionally(new IllegalStateException(message, cause));
    }

    SentimentOptions options() {
        Precision precision;
        try {
            precision = Precision.parse(model.precision());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("polybridge.model.precision " + e.getMessage());
        }
        return new SentimentOptions(
                model.resolvedDir(), precision, workers, batch.maxSize(), true, model.intraOpThreads());
    }

    DynamicBatcher.Settings batcherSettings() {
        return new DynamicBatcher.Settings(
                batch.enabled(),
                batch.maxSize(),
                batch.maxTokens(),
                batch.maxPadding(),
                batch.maxWait(),
                batch.queueCapacity(),
                workers,
                batch.timeout());
    }

    /**
     * Queues one request's texts.
     *
     * @throws ApiException (503) while the model is loading or failed to load
     * @throws BatcherRejectedException when the queue is full or the service is shutting down
     */
    public CompletableFuture<List<Classification>> classify(List<String> texts) {
        return readyBatcher().submit(texts);
    }

    /** The batcher, for bulk work that waits for room; it refuses work once shutdown starts. */
    public DynamicBatcher readyBatcher() {
        DynamicBatcher current = batcher;
        if (state == State.READY && current != null) {
            return current;
        }
        throw switch (state) {
            case NOT_STARTED, LOADING ->
                ApiException.unavailable("the model is still loading; retry shortly", batch.retryAfter());
            case FAILED -> ApiException.unavailable("the model failed to load: " + failure, null);
            default ->
                new BatcherRejectedException(
                        BatcherRejectedException.Reason.SHUTTING_DOWN,
                        "the service is shutting down and accepts no more work");
        };
    }

    /**
     * The first step of a graceful stop (SIGTERM): new requests and uploads get 503 and readiness goes DOWN, while
     * everything already accepted, queued texts and CSV uploads being streamed included, carries on.
     */
    public synchronized void stopAccepting() {
        if (state == State.READY) state = State.DRAINING;
        CompletableFuture.delayedExecutor(streamTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(this::stopStreams);
    }

    /** A CSV upload's classification began: shutdown stops it in time to end its stream with the aborted record. */
    void streamStarted(ClassifyJob job) {
        streams.add(job);
        if (state == State.STOPPING || state == State.STOPPED) job.stop(STREAM_STOPPED);
    }

    void streamEnded(ClassifyJob job) {
        streams.remove(job);
    }

    /**
     * Asks every CSV stream to stop: the batches in flight finish, the complete windows are written, and the stream
     * ends with the aborted record that says where to resume, before Quarkus closes the connections
     * ({@code quarkus.shutdown.timeout}).
     */
    void stopStreams() {
        for (ClassifyJob job : streams) {
            job.stop(STREAM_STOPPED);
            streamsStopped.incrementAndGet();
        }
    }

    /** CSV streams shutdown has asked to stop. */
    int streamsStopped() {
        return streamsStopped.get();
    }

    /**
     * Drains the batcher (queued texts are sent, in-flight batches awaited up to {@code drain}), then closes the
     * classifier; the Python context closes after this, with the {@link SentimentRuntime} bean. Requests arriving
     * meanwhile get 503.
     */
    public boolean shutdown(Duration drain) {
        DynamicBatcher draining;
        synchronized (this) {
            if (state == State.STOPPING || state == State.STOPPED) return true;
            boolean wasLoading = state == State.LOADING;
            state = State.STOPPING;
            if (wasLoading) loaded.completeExceptionally(new IllegalStateException("shut down while loading"));
            draining = batcher;
        }
        stopStreams();
        boolean drained = draining == null || draining.close(drain);
        if (!drained) {
            LOG.warnf(
                    "shutdown: the batcher did not drain within %d ms; the requests left were refused",
                    drain.toMillis());
        }
        TextClassifier closing = classifier;
        if (closing != null) closing.close();
        state = State.STOPPED;
        return drained;
    }

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    public CompletableFuture<Void> loaded() {
        return loaded;
    }

    public TextClassifier classifier() {
        return classifier;
    }

    public DynamicBatcher batcher() {
        return batcher;
    }

    public Duration loadTime() {
        return loadTime;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int workers() {
        return workers;
    }
}
