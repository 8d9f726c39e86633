package dev.polybridge.spark;

import dev.polybridge.sentiment.Precision;
import java.nio.file.Path;

/**
 * Everything one {@link SparkClassifyJob} is asked to do. Null numbers take their defaults from the executors'
 * size ({@link SparkClassifyJob}).
 *
 * @param partitions      partitions the rows are cut into; null: {@link SparkClassifyJob#ROWS_PER_PARTITION} rows
 *                        each, at least one per task slot
 * @param workers         batches in flight at once per executor, shared by its task threads
 * @param intraOpThreads  ONNX Runtime threads per run
 * @param summaryJson     where the driver writes the run's summary as JSON; null for none
 */
record JobOptions(
        String input,
        InputTable.Format inputFormat,
        String column,
        String output,
        AtomicOutput.Format outputFormat,
        Path modelDir,
        Precision precision,
        ModelShipping modelShipping,
        int batchSize,
        Integer workers,
        Integer intraOpThreads,
        boolean sortByLength,
        Integer partitions,
        boolean allowInterpreter,
        Path summaryJson) {

    JobOptions {
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        if (workers != null && workers < 1)
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        if (intraOpThreads != null && intraOpThreads < 1) {
            throw new IllegalArgumentException("--intra-op-threads must be >= 1, got " + intraOpThreads);
        }
        if (partitions != null && partitions < 1)
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
    }
}
