package dev.polybridge.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.classify.InputException;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.SentimentOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * One SparkClassify run, on the driver. Everything that can make the run impossible (the JIT flags, the output
 * location, the input and its column, the model) is checked before any task
 * classifies a row. Then the rows, numbered in input order, are cut into runs of consecutive rows
 * ({@link ContiguousRanges}); each partition is classified on its executor's one polybridge
 * ({@link PartitionClassifier}), and the records are written in input order to a temporary directory that
 * replaces the output when complete ({@link AtomicOutput}).
 */
final class SparkClassifyJob {

    /** Every row classified. */
    static final int OK = 0;
    /** Some rows have error records. */
    static final int ROWS_FAILED = 1;
    /** Bad options, input, output location, model or JIT flags: nothing was written. */
    static final int UNUSABLE = 2;

    /** classify's sort window is 1024 rows; two windows per partition keep most tokenizing behind inference. */
    static final int ROWS_PER_PARTITION = 2048;

    /** classify's record, without its input line number (a Spark table has none). */
    static final StructType RECORDS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, true)
            .add("truncated", DataTypes.BooleanType, false)
            .add("error", DataTypes.StringType, true);

    private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?");
    private static final int FAILURES_SHOWN = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;
    private final PrintWriter err;

    SparkClassifyJob(SparkSession spark, PrintWriter err) {
        this.spark = spark;
        this.err = err;
    }

    /** Sizes and settings the run resolved from the options and the cluster. */
    record Plan(InputTable table, long rows, AtomicOutput output, ExecutorSettings executors, int partitions) {}

    int run(JobOptions options) throws IOException {
        long start = System.nanoTime();
        Plan plan;
        try {
            plan = plan(options);
        } catch (InputException | ModelException | IllegalArgumentException | IllegalStateException e) {
            return unusable(e.getMessage());
        }
        double checkSeconds = seconds(start);
        CollectionAccumulator<ExecutorReport> reports =
                spark.sparkContext().collectionAccumulator("polybridge executors");
        long classifyStart = System.nanoTime();
        try {
            plan.output().write(spark.createDataFrame(classify(plan, options, reports), RECORDS));
        } catch (RuntimeException e) {
            Throwable ours = causeFromExecutor(e);
            if (ours != null) return unusable(ours.getMessage());
            throw e;
        }
        double classifySeconds = seconds(classifyStart);
        Summary summary = summarize(
                options, plan, latestPerExecutor(reports.value()), checkSeconds, classifySeconds, seconds(start));
        summary.print(err);
        if (options.summaryJson() != null) {
            Path file = options.summaryJson().toAbsolutePath();
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), summary);
        }
        return summary.failed() == 0 ? OK : ROWS_FAILED;
    }

    private Plan plan(JobOptions options) {
        SparkContext sc = spark.sparkContext();
        if (!options.allowInterpreter()) {
            if (sc.isLocal()) {
                JitFlags.requireInThisJvm("the driver JVM, which is the executor in local mode,");
            } else {
                String warning = JitFlags.checkExecutorOptions(sc.getConf().get("spark.executor.extraJavaOptions", ""));
                if (warning != null) err.println("SparkClassify: warning: " + warning);
            }
        }
        AtomicOutput output =
                AtomicOutput.at(options.output(), options.input(), options.outputFormat(), sc.hadoopConfiguration());
        InputTable table = InputTable.read(spark, options.input(), options.inputFormat(), options.column());
        long rows = table.rows().count();
        if (rows == 0) throw new InputException("input %s has a header but no rows".formatted(options.input()));
        String executorModelDir = options.modelShipping().ship(sc, options.modelDir(), options.precision());

        Integer executorCores = executorCores(sc);
        int workers = options.workers() != null
                ? options.workers()
                : executorCores != null ? executorCores : SentimentOptions.DEFAULT_WORKERS;
        int intraOpThreads = options.intraOpThreads() != null
                ? options.intraOpThreads()
                : Math.max(1, (executorCores != null ? executorCores : workers) / workers);
        int partitions = options.partitions() != null
                ? options.partitions()
                : (int) Math.max(sc.defaultParallelism(), Math.ceilDiv(rows, ROWS_PER_PARTITION));
        ExecutorSettings executors = new ExecutorSettings(
                executorModelDir,
                options.precision(),
                options.batchSize(),
                workers,
                intraOpThreads,
                options.sortByLength(),
                !options.allowInterpreter());
        return new Plan(table, rows, output, executors, (int) Math.min(partitions, rows));
    }

    private static JavaRDD<Row> classify(Plan plan, JobOptions options, CollectionAccumulator<ExecutorReport> reports) {
        return plan.table()
                .rows()
                .javaRDD()
                .zipWithIndex()
                .mapToPair(rowAndPosition -> rowAndPosition.swap())
                .repartitionAndSortWithinPartitions(new ContiguousRanges(plan.partitions(), plan.rows()))
                .mapPartitions(new PartitionClassifier(
                        plan.executors(), options.column(), plan.table().hasIds(), reports));
    }

    /** Cores per executor when the driver can know them: spark.executor.cores, or N of local[N]. */
    static Integer executorCores(SparkContext sc) {
        if (sc.getConf().contains("spark.executor.cores")) return sc.getConf().getInt("spark.executor.cores", 1);
        Matcher local = LOCAL_MASTER.matcher(sc.master());
        if (!local.matches()) return null;
        if (local.group(1) == null) return 1;
        return local.group(1).equals("*")
                ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(local.group(1));
    }

    /** An executor that could not build its polybridge, rather than a failure of Spark's own. */
    private static Throwable causeFromExecutor(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExecutorSetupException) return cause;
        }
        return null;
    }

    private static List<ExecutorReport> latestPerExecutor(List<ExecutorReport> reports) {
        Map<String, ExecutorReport> latest = new TreeMap<>();
        for (ExecutorReport report : reports) {
            if (report == null) continue;
            latest.merge(report.executorId() + "/" + report.pid(), report, (a, b) -> b.isLaterThan(a) ? b : a);
        }
        return new ArrayList<>(latest.values());
    }

    /** The run as the driver reports it; counts come from the output as written. */
    record Summary(
            String input,
            String output,
            String outputFormat,
            long rows,
            long failed,
            Map<String, Long> labels,
            List<String> firstFailures,
            int partitions,
            int workersPerExecutor,
            int intraOpThreads,
            int batchSize,
            String precision,
            String model,
            double checkSeconds,
            double classifySeconds,
            double totalSeconds,
            double rowsPerSecond,
            List<ExecutorReport> executors) {

        void print(PrintWriter err) {
            err.printf(
                    Locale.ROOT,
                    "SparkClassify: %d rows of %s -> %s (%s) in %.1f s: %.1f rows/s over the "
                            + "classification (%.1f s), checks and input %.1f s%n",
                    rows,
                    input,
                    output,
                    outputFormat,
                    totalSeconds,
                    rowsPerSecond,
                    classifySeconds,
                    checkSeconds);
            err.printf(
                    Locale.ROOT,
                    "  labels %s; %d failed%s%n",
                    labels,
                    failed,
                    firstFailures.isEmpty() ? "" : ", first: " + String.join(" | ", firstFailures));
            err.printf(
                    Locale.ROOT,
                    "  %d partitions; per executor %d workers, %d intra-op thread(s) per run, batch %d, %s%n",
                    partitions,
                    workersPerExecutor,
                    intraOpThreads,
                    batchSize,
                    precision);
            if (executors.isEmpty()) err.println("  no executor reported");
            for (ExecutorReport executor : executors) err.println("  " + executor.line());
            if (!executors.isEmpty())
                err.println("  classifier: " + executors.getFirst().classifier());
            err.flush();
        }
    }

    private Summary summarize(
            JobOptions options,
            Plan plan,
            List<ExecutorReport> executors,
            double checkSeconds,
            double classifySeconds,
            double totalSeconds) {
        Dataset<Row> written = switch (options.outputFormat()) {
            case PARQUET -> spark.read().parquet(plan.output().path().toString());
            case CSV ->
                spark.read()
                        .schema(RECORDS)
                        .option("header", "true")
                        .option("multiLine", "true")
                        .option("escape", "\"")
                        .csv(plan.output().path().toString());
        };
        Map<String, Long> labels = new LinkedHashMap<>();
        written.filter(functions.col("label").isNotNull())
                .groupBy("label")
                .count()
                .orderBy("label")
                .collectAsList()
                .forEach(row -> labels.put(row.getString(0), row.getLong(1)));
        long rows = written.count();
        Dataset<Row> failures = written.filter(functions.col("error").isNotNull());
        long failed = failures.count();
        List<String> firstFailures = failures.select("error").limit(FAILURES_SHOWN).collectAsList().stream()
                .map(row -> row.getString(0))
                .sorted(Comparator.naturalOrder())
                .toList();
        ExecutorSettings executors0 = plan.executors();
        return new Summary(
                options.input(),
                plan.output().path().toString(),
                options.outputFormat().name().toLowerCase(Locale.ROOT),
                rows,
                failed,
                labels,
                firstFailures,
                plan.partitions(),
                executors0.workers(),
                executors0.intraOpThreads(),
                executors0.batchSize(),
                executors0.precision().name().toLowerCase(Locale.ROOT),
                options.modelDir().toString(),
                checkSeconds,
                classifySeconds,
                totalSeconds,
                rows / classifySeconds,
                executors);
    }

    private int unusable(String message) {
        err.println("SparkClassify: " + message);
        err.flush();
        return UNUSABLE;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
