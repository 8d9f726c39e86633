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
        String problem = EngineLimits.check(workers, batchSize, intraOpThreads, "workers", "batch size", "intra-op threads");
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /**
     * The intra-op threads each engine call gets: as set, or by default cores ÷ workers (at least 1), so the
     * batches in flight together use each core once. On 2 cores with 2 workers that is two single-threaded runs
     * side by side, which spend less CPU than each run spreading over both cores and waiting for the other
     * (ONNX Runtime's pool threads spin while they wait).
     */
    public int threadsPerBatch() {
        return intraOpThreads > 0 ? intraOpThreads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
    }
}
