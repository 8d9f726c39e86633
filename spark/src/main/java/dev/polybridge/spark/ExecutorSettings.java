package dev.polybridge.spark;

import dev.polybridge.sentiment.Precision;
import java.io.Serializable;

/**
 * What an executor needs to build its polybridge; sent from the driver with every task.
 *
 * @param modelDir         the model directory as executors see it; null when the model is shipped with
 *                         {@link ModelShipping#SPARK_FILES} and lies in the executor's SparkFiles directory
 * @param precision        which ONNX file of the model
 * @param batchSize        texts per engine call
 * @param workers          batches in flight at once in one executor, shared by its task threads
 * @param intraOpThreads   ONNX Runtime threads per run
 * @param sortByLength     batch texts of similar length together, as classify does
 * @param requireJit       refuse to run when GraalPy would run interpreter-only
 */
public record ExecutorSettings(
        String modelDir,
        Precision precision,
        int batchSize,
        int workers,
        int intraOpThreads,
        boolean sortByLength,
        boolean requireJit)
        implements Serializable {}
