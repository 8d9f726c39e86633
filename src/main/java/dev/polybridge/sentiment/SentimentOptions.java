package dev.polybridge.sentiment;

import dev.polybridge.bridge.BridgeConfig;
import java.nio.file.Path;

/**
 * How to build a {@link SentimentClassifier}; the defaults below are the one place every command, the service and
 * the library take them from.
 *
 * @param modelDir       a directory prepared by {@code make model}: config.json, vocab.txt, tokenizer_config.json, ONNX files
 * @param precision      which ONNX file to load
 * @param workers        virtual-thread workers submitting batches
 * @param batchSize      texts per Python call; the engine runs them in slices of up to {@value OnnxEngine#RUN_MAX_ROWS}
 * @param sortByLength   sort texts by length inside a call to cut padding (results stay in input order)
 * @param intraOpThreads ONNX Runtime intra-op threads per run; 0 = {@link #threadsPerRun()}
 */
public record SentimentOptions(
        Path modelDir, Precision precision, int workers, int batchSize, boolean sortByLength, int intraOpThreads) {
    /** The offline model with meaningful labels that {@code make model} prepares (see models/README.md). */
    public static final String DEFAULT_MODEL = "sst2-minilm-distilbert-v2";
    /** As {@link Precision#parse} takes it. */
    public static final String DEFAULT_PRECISION = "fp32";
    /** The fastest on 2 cores in `make bench-classify`'s grid, or within its noise for less memory (docs/classify.md). */
    public static final int DEFAULT_WORKERS = 2;
    /** Chosen by the same grid; smaller batches also hold less memory. */
    public static final int DEFAULT_BATCH_SIZE = 8;

    public SentimentOptions {
        String problem =
                EngineLimits.check(workers, batchSize, intraOpThreads, "workers", "batch size", "intra-op threads");
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** The defaults for the model in {@code modelDir}: fp32, 2 workers, batch 8, sorted by length. */
    public static SentimentOptions defaults(Path modelDir) {
        return new SentimentOptions(
                modelDir, Precision.parse(DEFAULT_PRECISION), DEFAULT_WORKERS, DEFAULT_BATCH_SIZE, true, 0);
    }

    /** The bridge these options run best on: one entry thread per worker, so that batches overlap. */
    public BridgeConfig bridgeConfig() {
        return BridgeConfig.defaults().withWorkers(workers).withEntryThreads(workers);
    }

    /**
     * The intra-op threads each ONNX Runtime run gets: as set, or by default the cores shared among the workers, at
     * least one. {@link OnnxEngine} runs at most {@value OnnxEngine#RUN_MAX_ROWS} rows at a time and lets cores ÷
     * intra-op threads runs in at once, so with as many workers as cores every run has one thread and the runs go side
     * by side, which saves ONNX Runtime's thread synchronisation (docs/memory.md, "Eighth round" and "Tenth round"); a
     * lone worker's runs get every core.
     */
    public int threadsPerRun() {
        if (intraOpThreads > 0) return intraOpThreads;
        return Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }
}
