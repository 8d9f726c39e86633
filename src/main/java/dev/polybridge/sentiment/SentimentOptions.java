package dev.polybridge.sentiment;

import java.nio.file.Path;

/**
 * How to build a {@link SentimentClassifier}.
 *
 * @param modelDir       a directory prepared by {@code make model}: config.json, vocab.txt, tokenizer_config.json, ONNX files
 * @param precision      which ONNX file to load
 * @param workers        virtual-thread workers submitting batches
 * @param batchSize      texts per engine call
 * @param sortByLength   sort texts by length inside a call to cut padding (results stay in input order)
 * @param intraOpThreads ONNX Runtime intra-op threads per batch; 0 = {@link #threadsPerBatch()}
 */
public record SentimentOptions(Path modelDir, Precision precision, int workers, int batchSize,
                               boolean sortByLength, int intraOpThreads) {
    public SentimentOptions {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (intraOpThreads < 0) throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }

    /**
     * The intra-op threads each engine call gets: as set, or by default every core, so one batch runs in ONNX
     * Runtime at a time ({@link OnnxEngine} lets cores ÷ intra-op threads in at once) while the other workers
     * tokenize theirs. Two single-threaded batches side by side held both batches' activations in ONNX Runtime's
     * arena, which keeps its peak: fp32, batch 32, 1011 against 1214 MiB peak PSS (docs/memory.md, "Lean and quick").
     */
    public int threadsPerBatch() {
        return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    }
}
