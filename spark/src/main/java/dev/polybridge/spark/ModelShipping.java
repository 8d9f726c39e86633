package dev.polybridge.spark;

import dev.polybridge.sentiment.ModelFiles;
import dev.polybridge.sentiment.Precision;
import java.nio.file.Path;
import org.apache.spark.SparkContext;

/** How executors get the model directory. */
enum ModelShipping {
    /** The directory is at the same path on every executor's machine (a shared file system, or installed on each). */
    SHARED {
        @Override
        String prepare(SparkContext spark, Path modelDir, Precision precision) {
            return modelDir.toString();
        }
    },
    /**
     * The driver ships the files the classifier reads with {@link SparkContext#addFile}; each executor fetches them
     * once into its SparkFiles directory, which becomes its model directory.
     */
    SPARK_FILES {
        @Override
        String prepare(SparkContext spark, Path modelDir, Precision precision) {
            for (String name : ModelFiles.names(precision))
                spark.addFile(modelDir.resolve(name).toString());
            return null;
        }
    };

    /**
     * Checks the model on the driver and makes it reachable from executors.
     *
     * @return the model directory executors use, or null for their SparkFiles directory
     * @throws dev.polybridge.sentiment.ModelException naming what is missing, before any task runs
     */
    String ship(SparkContext spark, Path modelDir, Precision precision) {
        Path dir = modelDir.toAbsolutePath().normalize();
        ModelFiles.await(ModelFiles.check(dir, precision));
        return prepare(spark, dir, precision);
    }

    abstract String prepare(SparkContext spark, Path modelDir, Precision precision);
}
