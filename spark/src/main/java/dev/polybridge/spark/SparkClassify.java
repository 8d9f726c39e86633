package dev.polybridge.spark;

import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code classify} on Apache Spark: {@code spark-submit --class dev.polybridge.spark.SparkClassify ...}, or this
 * main with {@code --master local[N]}. docs/spark.md has the commands and the JVM flags.
 */
@Command(
        name = "SparkClassify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Classify the sentiment of a text column of a CSV or Parquet input on Spark, one record "
                    + "(id,label,score,truncated,error) per input row, in input order, with one polybridge per executor.",
            "Exit codes: 0 every row classified; 1 some rows have error records; 2 unusable options, input, "
                    + "output location, model or JIT flags (the output is left as it was)."
        })
public final class SparkClassify implements Callable<Integer> {

    @Option(
            names = "--input",
            required = true,
            paramLabel = "PATH",
            description = "CSV file with a header line, or Parquet.")
    String input;

    @Option(
            names = "--input-format",
            paramLabel = "csv|parquet",
            description = "Default: from the input's name (.csv, .parquet).")
    InputTable.Format inputFormat;

    @Option(
            names = "--column",
            defaultValue = "description",
            paramLabel = "NAME",
            description = "The text column (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "Output directory; replaced as a whole once the run is complete.")
    String output;

    @Option(
            names = "--output-format",
            defaultValue = "parquet",
            paramLabel = "parquet|csv",
            description = "Default: ${DEFAULT-VALUE}.")
    AtomicOutput.Format outputFormat;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "Model directory prepared by `make model`.")
    Path model;

    @Option(
            names = "--precision",
            defaultValue = SentimentOptions.DEFAULT_PRECISION,
            paramLabel = "fp32|int8",
            description = "Which ONNX file of the model (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(
            names = "--model-shipping",
            defaultValue = "shared",
            paramLabel = "shared|spark-files",
            converter = ModelShippingConverter.class,
            description = "shared: the model directory is at the same path on every executor's machine; spark-files: "
                    + "the driver ships its files to each executor (SparkContext.addFile). Default: ${DEFAULT-VALUE}.")
    ModelShipping modelShipping;

    @Option(
            names = "--batch-size",
            defaultValue = "" + SentimentOptions.DEFAULT_BATCH_SIZE,
            paramLabel = "N",
            description = "Texts per engine call (default: ${DEFAULT-VALUE}, as classify).")
    int batchSize;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Batches in flight at once per executor, shared by its tasks (default: the executor's cores, "
                    + "from spark.executor.cores or local[N]; else " + SentimentOptions.DEFAULT_WORKERS + ").")
    Integer workers;

    @Option(
            names = "--intra-op-threads",
            paramLabel = "N",
            description = "ONNX Runtime threads per run (default: the executor's cores / workers, at least 1).")
    Integer intraOpThreads;

    @Option(
            names = "--sort-by-length",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Batch texts of similar length together, as classify (default: on).")
    boolean sortByLength;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions of consecutive rows (default: one per " + SparkClassifyJob.ROWS_PER_PARTITION
                    + " rows, at least one per task slot).")
    Integer partitions;

    @Option(
            names = "--allow-interpreter",
            description = "Run even when the executors lack GraalPy's JIT flags (several times slower).")
    boolean allowInterpreter;

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master when not started by spark-submit, e.g. local[2].")
    String master;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the run's summary as JSON.")
    Path summaryJson;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns its exit code. */
    public static int run(String... args) {
        return new CommandLine(new SparkClassify())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        InputTable.Format format = inputFormat != null ? inputFormat : InputTable.Format.fromName(input);
        if (format == null) {
            err.println("SparkClassify: cannot tell the format of --input " + input
                    + " from its name: pass --input-format csv|parquet");
            return SparkClassifyJob.UNUSABLE;
        }
        JobOptions options;
        try {
            options = new JobOptions(
                    input,
                    format,
                    column,
                    output,
                    outputFormat,
                    model,
                    precision,
                    modelShipping,
                    batchSize,
                    workers,
                    intraOpThreads,
                    sortByLength,
                    partitions,
                    allowInterpreter,
                    summaryJson);
        } catch (IllegalArgumentException e) {
            err.println("SparkClassify: " + e.getMessage());
            return SparkClassifyJob.UNUSABLE;
        }
        SparkSession.Builder builder = SparkSession.builder()
                .appName("polybridge SparkClassify")
                .config("spark.plugins", withPlugin(new SparkConf().get("spark.plugins", "")));
        if (master != null) builder.master(master);
        SparkSession spark = builder.getOrCreate();
        try {
            return new SparkClassifyJob(spark, err).run(options);
        } finally {
            spark.stop();
        }
    }

    private static String withPlugin(String plugins) {
        String ours = PolybridgePlugin.class.getName();
        if (plugins.isBlank()) return ours;
        return plugins.contains(ours) ? plugins : plugins + "," + ours;
    }

    static final class ModelShippingConverter implements CommandLine.ITypeConverter<ModelShipping> {
        @Override
        public ModelShipping convert(String value) {
            return ModelShipping.valueOf(
                    value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
