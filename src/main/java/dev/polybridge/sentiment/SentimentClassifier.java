package dev.polybridge.sentiment;

import dev.polybridge.Polybridge;
import dev.polybridge.bridge.PythonBridge;
import dev.polybridge.bridge.PythonException;
import dev.polybridge.memory.PhaseDelta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * DistilBERT SST-2 sentiment classification: the Python pipeline in a {@link Polybridge}'s GraalPy context tokenizes
 * and batches, its shared {@link OnnxEngine} runs the model, and the bridge's virtual-thread workers carry the
 * batches.
 */
public final class SentimentClassifier implements TextClassifier {
    static final String PIPELINE_MODULE = "polybridge_sentiment.pipeline";
    private static final Logger LOG = Logger.getLogger(SentimentClassifier.class.getName());

    private final Polybridge polybridge;
    private final PythonBridge bridge;
    private final OnnxEngine engine;
    private final SentimentOptions options;
    private final String modelKey;

    private SentimentClassifier(Polybridge polybridge, OnnxEngine engine, SentimentOptions options, String modelKey) {
        this.polybridge = polybridge;
        this.bridge = polybridge.bridge();
        this.engine = engine;
        this.options = options;
        this.modelKey = modelKey;
    }

    /**
     * Checks the model files, then loads the model into {@code polybridge} (its ONNX Runtime session is shared with the
     * other classifiers of the same model file) and configures the pipeline. Fails before any work.
     *
     * <p>The pipeline's import and its tokenizer (Python code, on the context's entry thread) and the session's
     * creation (ONNX Runtime, native) each keep one core busy for most of a second, so they run side by side; the
     * memory they add is one phase of {@link Polybridge#memory()}, named after both.
     *
     * <p>{@code polybridge} should have at least {@code options.workers()} entry threads
     * ({@link SentimentOptions#bridgeConfig()}): a batch holds its entry thread while ONNX Runtime runs it (GraalPy
     * releases the GIL meanwhile), so with fewer entry threads than workers the batches could not overlap.
     */
    public static SentimentClassifier open(Polybridge polybridge, SentimentOptions options) {
        Path modelDir = options.modelDir().toAbsolutePath().normalize();
        Path modelFile = modelDir.resolve(options.precision().fileName());
        long started = System.nanoTime();
        var onnxChecked = ModelFiles.check(modelDir, options.precision());
        Map<String, Object> modelConfig = ModelFiles.configuration(modelDir, "config.json");
        Map<String, Object> tokenizerConfig = ModelFiles.configuration(modelDir, "tokenizer_config.json");
        PythonBridge bridge = polybridge.bridge();
        bridge.allowRead(modelDir);
        Runnable python = () -> {
            bridge.load(PIPELINE_MODULE);
            modelCall(modelDir, () -> bridge.call("load_tokenizer", modelDir.toString(), tokenizerConfig));
        };
        Supplier<OnnxEngine> session = () -> {
            ModelFiles.await(onnxChecked);
            return polybridge.engine(modelFile, options.threadsPerBatch());
        };
        long measuring = System.nanoTime();
        Loaded loaded = polybridge.hasEngine(modelFile, options.threadsPerBatch())
                ? pythonThenSession(python, session)
                : polybridge
                        .memory()
                        .measure(
                                "model (ONNX Runtime session, " + modelFile.getFileName()
                                        + ", and the pipeline with its tokenizer)",
                                () -> pythonDuringSession(python, session));
        long measured = System.nanoTime();
        String key = (String) modelCall(
                modelDir,
                () -> bridge.call(
                        "configure",
                        modelDir.toString(),
                        loaded.engine(),
                        options.batchSize(),
                        options.sortByLength(),
                        modelConfig,
                        tokenizerConfig));
        long configured = System.nanoTime();
        LOG.info(() -> ("%s ready in %d ms (files and configuration %d ms; pipeline import and tokenizer %d ms, and"
                        + " alongside them the model file check and the ONNX Runtime session %d ms; their memory"
                        + " measurement %d ms; pipeline %d ms)")
                .formatted(
                        modelDir.getFileName(),
                        millis(started, configured),
                        millis(started, measuring),
                        millis(loaded.began(), loaded.pythonDone()),
                        millis(loaded.began(), loaded.sessionReady()),
                        millis(measuring, loaded.began())
                                + millis(Math.max(loaded.pythonDone(), loaded.sessionReady()), measured),
                        millis(measured, configured)));
        return new SentimentClassifier(polybridge, loaded.engine(), options, key);
    }

    /** A call the model folder's files can make fail: the pipeline refusing them is a {@link ModelException}. */
    private static Object modelCall(Path modelDir, Supplier<Object> call) {
        try {
            return call.get();
        } catch (PythonException e) {
            throw new ModelException("the pipeline cannot use " + modelDir + ": " + e.getMessage(), e);
        }
    }

    /** The session, and when the Python part began and ended and the session was ready ({@link System#nanoTime()}). */
    private record Loaded(OnnxEngine engine, long began, long pythonDone, long sessionReady) {}

    /** The polybridge has the session already (another classifier of the same model file): nothing to overlap. */
    private static Loaded pythonThenSession(Runnable python, Supplier<OnnxEngine> session) {
        long began = System.nanoTime();
        python.run();
        long pythonDone = System.nanoTime();
        return new Loaded(session.get(), began, pythonDone, System.nanoTime());
    }

    /**
     * Runs {@code python} on this thread while {@code session} runs on another. The session belongs to the
     * polybridge, which closes it, even when the Python part fails; that failure is thrown once the session is done,
     * with the session's own failure, if any, added as suppressed.
     */
    private static Loaded pythonDuringSession(Runnable python, Supplier<OnnxEngine> session) {
        long began = System.nanoTime();
        CompletableFuture<Loaded> creating = CompletableFuture.supplyAsync(
                () -> new Loaded(session.get(), began, 0, System.nanoTime()),
                runnable -> Thread.ofPlatform()
                        .name("polybridge-onnx-session")
                        .daemon(true)
                        .start(runnable));
        try {
            python.run();
        } catch (RuntimeException | Error e) {
            creating.handle((created, failure) -> failure)
                    .thenAccept(failure -> {
                        if (failure != null) e.addSuppressed(unwrapped(failure));
                    })
                    .join();
            throw e;
        }
        long pythonDone = System.nanoTime();
        try {
            Loaded created = creating.join();
            return new Loaded(created.engine(), began, pythonDone, created.sessionReady());
        } catch (CompletionException e) {
            Throwable cause = unwrapped(e);
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    @Override
    public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
        var copy = new ArrayList<Object>(texts);
        return bridge.submit(() -> classify(copy));
    }

    /** Classifies on the calling thread (which hands the Python part to the context's entry thread). */
    public List<Classification> classify(List<?> texts) {
        List<?> results = (List<?>) bridge.call("process_batch", modelKey, new ArrayList<Object>(texts));
        var out = new ArrayList<Classification>(results.size());
        for (Object result : results) {
            out.add(toClassification((Map<?, ?>) result));
        }
        return out;
    }

    /**
     * Tokens per text after truncation, [CLS] and [SEP] included: what padding is measured in. Token counts
     * group a batch better than character counts: on the first 1000 wine reviews in batches of 32, sorting by
     * characters pads to 70,432 tokens, sorting by tokens to 60,608 (59,282 real). The pipeline keeps the
     * encodings until the texts are classified, so each text is tokenized once.
     */
    @Override
    public int[] lengths(List<String> texts) {
        List<?> counts = (List<?>) bridge.call("token_counts", modelKey, new ArrayList<Object>(texts));
        return counts.stream().mapToInt(n -> ((Number) n).intValue()).toArray();
    }

    /** Raw logits per text, for parity checks against transformers. */
    @SuppressWarnings("unchecked")
    public List<List<Double>> logits(List<String> texts) {
        return (List<List<Double>>) bridge.call("logits", modelKey, new ArrayList<Object>(texts));
    }

    /** Token ids per text as the model sees them (after truncation), for parity checks against HF tokenizers. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> tokenize(List<?> texts) {
        return (List<Map<String, Object>>) bridge.call("tokenize", modelKey, new ArrayList<Object>(texts));
    }

    /** The pipeline's counters: calls, texts, sequences, real and padded tokens and their squares, seconds
     * tokenizing and inside the engine. */
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> statistics() {
        return (Map<String, Object>) bridge.call("statistics", modelKey);
    }

    private static Classification toClassification(Map<?, ?> result) {
        Object error = result.get("error");
        if (error != null) {
            return Classification.failed((String) error);
        }
        return Classification.of(
                (String) result.get("label"),
                ((Number) result.get("score")).doubleValue(),
                Boolean.TRUE.equals(result.get("truncated")));
    }

    public OnnxEngine engine() {
        return engine;
    }

    public PythonBridge bridge() {
        return bridge;
    }

    /** What starting the context and loading the model added to the process's memory. */
    @Override
    public List<PhaseDelta> loadingMemory() {
        return polybridge.memory().phases();
    }

    public SentimentOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return options.modelDir().getFileName() + " (" + options.precision().label() + ", batch "
                + options.batchSize() + (options.sortByLength() ? ", sorted by length" : "") + ", ONNX Runtime "
                + engine.intraOpThreads() + " intra-op thread(s) per batch, "
                + bridge.config().workers() + " workers, GraalPy " + bridge.runtimeName() + ")";
    }

    /** The context and engine belong to the {@link Polybridge}, which closes them; nothing to release per classifier. */
    @Override
    public void close() {}
}
