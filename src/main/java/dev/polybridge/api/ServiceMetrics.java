package dev.polybridge.api;

import dev.polybridge.bridge.WorkerPool;
import dev.polybridge.sentiment.OnnxEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/**
 * The service's Micrometer meters (Prometheus at {@code /q/metrics}). Request latency comes from Quarkus's own
 * {@code http.server.requests} timer, with a percentiles histogram added here.
 */
@ApplicationScoped
public class ServiceMetrics implements DynamicBatcher.Observer {
    private static final double[] BATCH_SIZE_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final MeterRegistry registry;
    private final DistributionSummary batchTexts;
    private final DistributionSummary batchRequests;
    private final DistributionSummary requestTexts;
    private final Timer batchWait;
    private final Timer pythonCallOk;
    private final Timer pythonCallFailed;
    private final Counter rejectedFull;
    private final Counter rejectedShuttingDown;
    private final Counter dropped;
    private final Counter batchTokens;
    private final Counter batchPaddedTokens;
    private final SentimentRuntime runtime;

    ServiceMetrics(MeterRegistry registry, SentimentRuntime runtime) {
        this.registry = registry;
        this.runtime = runtime;
        this.batchTexts = DistributionSummary.builder("polybridge.batch.size")
                .baseUnit("texts")
                .description("Texts per engine batch")
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry);
        this.batchRequests = DistributionSummary.builder("polybridge.batch.requests")
                .baseUnit("requests")
                .description("Requests coalesced into one engine batch")
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry);
        this.requestTexts = DistributionSummary.builder("polybridge.request.texts")
                .baseUnit("texts")
                .description("Texts per /v1/classify request")
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry);
        this.batchWait = Timer.builder("polybridge.batch.wait")
                .description("How long a batch's oldest text waited in the batcher queue")
                .publishPercentileHistogram()
                .register(registry);
        this.pythonCallOk = pythonCall("success");
        this.pythonCallFailed = pythonCall("failure");
        this.rejectedFull = rejectedCounter(BatcherRejectedException.Reason.QUEUE_FULL);
        this.rejectedShuttingDown = rejectedCounter(BatcherRejectedException.Reason.SHUTTING_DOWN);
        this.dropped = Counter.builder("polybridge.batch.dropped")
                .baseUnit("texts")
                .description("Queued texts dropped because their client went away")
                .register(registry);
        this.batchTokens = Counter.builder("polybridge.batch.tokens")
                .baseUnit("tokens")
                .description("Tokens of the texts sent in coalesced batches")
                .register(registry);
        this.batchPaddedTokens = Counter.builder("polybridge.batch.padded.tokens")
                .baseUnit("tokens")
                .description("Tokens the engine computes for coalesced batches: texts x the longest")
                .register(registry);
    }

    private Timer pythonCall(String outcome) {
        return Timer.builder("polybridge.python.call")
                .tag("outcome", outcome)
                .description("One engine batch through the Python pipeline (worker queue, tokenizing, engine)")
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter rejectedCounter(BatcherRejectedException.Reason reason) {
        return Counter.builder("polybridge.batch.rejected")
                .tag("reason", reason.name().toLowerCase())
                .description("Requests refused with 503")
                .register(registry);
    }

    /** Percentile histograms for request latency, so p50/p95/p99 can be computed from the scrape. */
    @Produces
    @Singleton
    static MeterFilter httpLatencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().startsWith("http.server.requests")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                            .maximumExpectedValue(
                                    (double) Duration.ofSeconds(60).toNanos())
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }

    /** Gauges over the running service: the batcher queue, the bridge's workers and the ONNX engine. */
    void bind(ClassificationService service) {
        Gauge.builder(
                        "polybridge.batch.queue",
                        service,
                        s -> s.batcher() == null ? 0 : s.batcher().queuedTexts())
                .baseUnit("texts")
                .description("Texts waiting in the batcher")
                .register(registry);
        Gauge.builder(
                        "polybridge.batch.in.flight",
                        service,
                        s -> s.batcher() == null ? 0 : s.batcher().inFlightBatches())
                .baseUnit("batches")
                .description("Batches in the engine now")
                .register(registry);
        workerGauge("polybridge.workers.busy", "Bridge workers running a call", WorkerPool::busy);
        workerGauge("polybridge.workers.queued", "Calls waiting for a bridge worker", WorkerPool::queued);
        workerGauge("polybridge.workers.total", "Bridge workers", WorkerPool::workers);
        Gauge.builder(
                        "polybridge.workers.utilisation",
                        () -> pool().map(pool -> (double) pool.busy() / pool.workers())
                                .orElse(Double.NaN))
                .description("Busy bridge workers / workers")
                .register(registry);
        FunctionTimer.builder(
                        "polybridge.engine.run",
                        runtime,
                        r -> engines(r).mapToLong(OnnxEngine::runs).sum(),
                        r -> engines(r).mapToLong(OnnxEngine::runNanos).sum(),
                        TimeUnit.NANOSECONDS)
                .description("ONNX Runtime runs (time inside the engine, summed over runs side by side)")
                .register(registry);
    }

    private Optional<WorkerPool> pool() {
        return runtime.polybridge().map(polybridge -> polybridge.bridge().pool());
    }

    private static Stream<OnnxEngine> engines(SentimentRuntime runtime) {
        return runtime.polybridge().stream().flatMap(polybridge -> polybridge.engines().stream());
    }

    private void workerGauge(String name, String description, ToIntFunction<WorkerPool> value) {
        Gauge.builder(
                        name,
                        () -> pool().map(pool -> (double) value.applyAsInt(pool))
                                .orElse(Double.NaN))
                .description(description)
                .register(registry);
    }

    void requestTexts(int texts) {
        requestTexts.record(texts);
    }

    @Override
    public void dispatched(int texts, int requests, long oldestWaitNanos, long tokens, long paddedTokens) {
        batchTexts.record(texts);
        batchRequests.record(requests);
        batchWait.record(oldestWaitNanos, TimeUnit.NANOSECONDS);
        batchTokens.increment(tokens);
        batchPaddedTokens.increment(paddedTokens);
    }

    @Override
    public void completed(int texts, long nanos, Throwable failure) {
        (failure == null ? pythonCallOk : pythonCallFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(BatcherRejectedException.Reason reason) {
        (reason == BatcherRejectedException.Reason.QUEUE_FULL ? rejectedFull : rejectedShuttingDown).increment();
    }

    @Override
    public void dropped(int texts) {
        dropped.increment(texts);
    }
}
