package dev.polybridge.sentiment;

import dev.polybridge.Alongside;
import dev.polybridge.Polybridge;
import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import dev.polybridge.bridge.PythonException;
import dev.polybridge.memory.PhaseDelta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
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
        return open(polybridge, ModelFolder.read(options), options, OptionalLong.empty());
    }

    /**
     * Checks the model files, then opens a polybridge with {@code config} whose context starts and imports the pipeline
     * while the model's ONNX Runtime session is created beside them
     * ({@link Polybridge#open(BridgeConfig, boolean, Polybridge.SessionStart)}), then the classifier on it: the
     * quickest start when nothing is open yet. The caller owns the polybridge ({@link #polybridge()}) and closes it;
     * it is closed here if the classifier cannot be opened.
     *
     * @param jvmFigures as in {@link Polybridge#open(BridgeConfig, boolean)}
     */
    public static SentimentClassifier openWithItsPolybridge(
            BridgeConfig config, SentimentOptions options, boolean jvmFigures) {
        ModelFolder folder = ModelFolder.read(options);
        var pipelineMillis = new AtomicLong();
        Polybridge polybridge = Polybridge.open(
                config,
                jvmFigures,
                new Polybridge.SessionStart(
                        folder.onnxFile(),
                        options.threadsPerRun(),
                        folder::awaitOnnxCheck,
                        "the pipeline with its tokenizer for " + folder.dir().getFileName(),
                        bridge -> pipelineMillis.set(importPipeline(bridge, folder))));
        try {
            return open(polybridge, folder, options, OptionalLong.of(pipelineMillis.get()));
        } catch (RuntimeException | Error e) {
            Alongside.undo(Polybridge::close, polybridge, e);
            throw e;
        }
    }

    /**
     * What the classifier reads from the model folder before anything starts: the files checked (the ONNX file's hash
     * in the background, {@link ModelFiles#check}) and the two configuration files parsed.
     */
    private record ModelFolder(
            Path dir,
            Path onnxFile,
            CompletableFuture<Void> onnxCheck,
            Map<String, Object> modelConfig,
            Map<String, Object> tokenizerConfig,
            long readMillis) {

        static ModelFolder read(SentimentOptions options) {
            long started = System.nanoTime();
            Path dir = options.modelDir().toAbsolutePath().normalize();
            var onnxCheck = ModelFiles.check(dir, options.precision());
            return new ModelFolder(
                    dir,
                    dir.resolve(options.precision().fileName()),
                    onnxCheck,
                    ModelFiles.configuration(dir, "config.json"),
                    ModelFiles.configuration(dir, "tokenizer_config.json"),
                    millis(started, System.nanoTime()));
        }

        void awaitOnnxCheck() {
            ModelFiles.await(onnxCheck);
        }
    }

    /** Imports the pipeline and loads the folder's tokenizer, which need no ONNX Runtime session; the milliseconds. */
    private static long importPipeline(PythonBridge bridge, ModelFolder folder) {
        long began = System.nanoTime();
        bridge.allowRead(folder.dir());
        bridge.load(PIPELINE_MODULE);
        modelCall(folder.dir(), () -> bridge.call("load_tokenizer", folder.dir().toString(), folder.tokenizerConfig()));
        return millis(began, System.nanoTime());
    }

    /** @param pipelineImported the milliseconds of the pipeline's import if it ran in the context's start */
    private static SentimentClassifier open(
            Polybridge polybridge, ModelFolder folder, SentimentOptions options, OptionalLong pipelineImported) {
        PythonBridge bridge = polybridge.bridge();
        long began = System.nanoTime();
        OnnxEngine engine;
        String loading;
        if (pipelineImported.isPresent()) {
            engine = polybridge.engine(folder.onnxFile(), options.threadsPerRun());
            loading = "pipeline import and tokenizer %d ms in the context's start, beside the ONNX Runtime session"
                    .formatted(pipelineImported.getAsLong());
        } else if (polybridge.hasEngine(folder.onnxFile(), options.threadsPerRun())) {
            // the model's load was measured with the classifier that created the session
            long pipelineMillis = importPipeline(bridge, folder);
            engine = polybridge.engine(folder.onnxFile(), options.threadsPerRun());
            loading = ("pipeline import and tokenizer %d ms; the ONNX Runtime session was ready, created for an"
                            + " earlier classifier")
                    .formatted(pipelineMillis);
        } else {
            Alongside<Long, OnnxEngine> loaded = polybridge
                    .memory()
                    .measure(
                            "model (ONNX Runtime session, " + folder.onnxFile().getFileName()
                                    + ", and the pipeline with its tokenizer)",
                            () -> Alongside.run(
                                    () -> importPipeline(bridge, folder),
                                    nothing -> {},
                                    OnnxEngine.SESSION_THREAD,
                                    () -> {
                                        folder.awaitOnnxCheck();
                                        return polybridge.engine(folder.onnxFile(), options.threadsPerRun());
                                    },
                                    sessionOfThePolybridge -> {}));
            engine = loaded.there();
            loading = ("pipeline import and tokenizer %d ms, and alongside them the model file check and the ONNX"
                            + " Runtime session %d ms")
                    .formatted(millis(began, loaded.hereDone()), millis(began, loaded.thereDone()));
        }
        long loadedAt = System.nanoTime();
        String key = (String) modelCall(
                folder.dir(),
                () -> bridge.call(
                        "configure",
                        folder.dir().toString(),
                        engine,
                        options.batchSize(),
                        options.sortByLength(),
                        folder.modelConfig(),
                        folder.tokenizerConfig()));
        long configured = System.nanoTime();
        LOG.info(() -> "%s ready in %d ms (files and configuration %d ms; %s; pipeline %d ms)"
                .formatted(
                        folder.dir().getFileName(),
                        folder.readMillis() + millis(began, configured),
                        folder.readMillis(),
                        loading,
                        millis(loadedAt, configured)));
        return new SentimentClassifier(polybridge, engine, options, key);
    }

    /** A call the model folder's files can make fail: the pipeline refusing them is a {@link ModelException}. */
    private static Object modelCall(Path modelDir, Supplier<Object> call) {
        try {
            return call.get();
        } catch (PythonException e) {
            throw new ModelException("the pipeline cannot use " + modelDir + ": " + e.getMessage(), e);
        }
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

    /** The polybridge this classifier runs on, which owns its context and session. */
    public Polybridge polybridge() {
        return polybridge;
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
                + engine.intraOpThreads() + " intra-op thread(s) per run, "
                + bridge.config().workers() + " workers, GraalPy " + bridge.runtimeName() + ")";
    }

    /** The context and engine belong to the {@link Polybridge}, which closes them; nothing to release per classifier. */
    @Override
    public void close() {}
}
