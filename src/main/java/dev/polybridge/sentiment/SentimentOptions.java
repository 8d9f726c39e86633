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
 * @param batchSize      texts per engine call
 * @param sortByLength   sort texts by length inside a call to cut padding (results stay in input order)
 * @param intraOpThreads ONNX Runtime intra-op threads per batch; 0 = {@link #threadsPerBatch()}
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

    /** The largest batch that by default runs side by side with another, on one intra-op thread each. */
    public static final int SIDE_BY_SIDE_MAX_BATCH = 8;

    /**
     * The intra-op threads each engine call gets: as set, or by default one per batch up to
     * {@value #SIDE_BY_SIDE_MAX_BATCH} texts and every core above. {@link OnnxEngine} lets cores ÷ intra-op threads
     * batches in at once. Small batches side by side save ONNX Runtime's thread synchronisation, which costs more than
     * their activations weigh; larger batches run one at a time on every core, since ONNX Runtime's arena keeps the
     * activations of every batch that ran at once (docs/memory.md, "Seventh round" and "Eighth round").
     */
    public int threadsPerBatch() {
        if (intraOpThreads > 0) return intraOpThreads;
        return batchSize <= SIDE_BY_SIDE_MAX_BATCH ? 1 : Runtime.getRuntime().availableProcessors();
    }
}
