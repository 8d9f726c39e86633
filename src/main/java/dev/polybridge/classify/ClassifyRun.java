package dev.polybridge.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One {@code classify} run from request to exit code. Everything that can make the run impossible —
 * the input, its header and column, the output location, a partial output to resume, the model — is
 * checked before the first row is classified; then rows stream through {@link ClassifyJob} into a
 * {@link PartialOutput}, which becomes the output only when every row has its record.
 */
public final class ClassifyRun {

    /** Every row classified. */
    public static final int OK = 0;
    /** Some rows have error records, or the run stopped before the end (the partial output stays for --resume). */
    public static final int ROWS_FAILED = 1;
    /** Bad options, input, output location or model: nothing was classified. */
    public static final int UNUSABLE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ClassifierFactory factory;
    private final PrintWriter err;

    public ClassifyRun(ClassifierFactory factory, PrintWriter err) {
        this.factory = factory;
        this.err = err;
    }

    public int execute(ClassifyRequest request) throws IOException, InterruptedException {
        long startNanos = System.nanoTime();
        try {
            return classify(request, startNanos);
        } catch (InputException | ModelException e) {
            err.println("classify: " + e.getMessage());
            err.flush();
            return UNUSABLE;
        }
    }

    private int classify(ClassifyRequest request, long startNanos) throws IOException, InterruptedException {
        checkOutputLocation(request);
        SentimentOptions sentiment = request.sentiment();
        try (CsvRowReader reader = CsvRowReader.open(request.input(), request.column())) {
            RunIdentity identity = RunIdentity.of(request.input(), request.column(), request.offset(), request.limit(),
                    request.format(), request.includeText(), sentiment.modelDir(), sentiment.precision().name().toLowerCase(Locale.ROOT));
            OutputFormat.WrittenRecords written = priorRecords(request, identity);
            long alreadyDone = written == null ? 0 : written.records;
            skipDoneRows(reader, request, written);
            long total = rowsToClassify(request);

            long loadStart = System.nanoTime();
            try (TextClassifier classifier = factory.open(sentiment)) {
                double loadSeconds = seconds(loadStart);
                try (PartialOutput out = written == null
                        ? PartialOutput.create(request.output(), identity)
                        : PartialOutput.resume(request.output(), identity, written)) {
                    long remaining = request.limit() == null ? Long.MAX_VALUE : request.limit() - alreadyDone;
                    RowSource rows = new RowSource() {
                        private long left = remaining;

                        @Override
                        public InputRow next() {
                            return left-- > 0 ? reader.next() : null;
                        }
                    };
                    long classifyStart = System.nanoTime();
                    ClassifyJob.Result result;
                    try (ProgressReporter progress = new ProgressReporter(request.progress(), err, total, alreadyDone,
                            request.logEvery())) {
                        ClassifyJob job = new ClassifyJob(classifier, new ClassifyJob.Settings(sentiment.workers(),
                                sentiment.batchSize(), sentiment.sortByLength(), request.failFast()),
                                request.includeText(), out::write, progress);
                        result = job.run(rows);
                    }
                    double classifySeconds = seconds(classifyStart);
                    if (result.outcome() == ClassifyJob.Outcome.COMPLETED) out.commit();
                    return report(request, identity, classifier, written, result, loadSeconds, classifySeconds,
                            seconds(startNanos));
                }
            }
        }
    }

    private static void checkOutputLocation(ClassifyRequest request) throws IOException {
        Path output = request.output().toAbsolutePath().normalize();
        if (output.equals(request.input().toAbsolutePath().normalize())) {
            throw new InputException("--output %s is the input file; choose another file".formatted(request.output()));
        }
        if (Files.isDirectory(output)) {
            throw new InputException("--output %s is a directory; give a file name such as %s/results.csv"
                    .formatted(request.output(), request.output()));
        }
        Path parent = output.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new InputException("cannot create the output directory %s: %s".formatted(parent, e), e);
        }
        if (!Files.isWritable(parent)) {
            throw new InputException("cannot write to the output directory %s".formatted(parent));
        }
    }

    private OutputFormat.WrittenRecords priorRecords(ClassifyRequest request, RunIdentity identity) {
        Path partial = PartialOutput.partialPath(request.output());
        if (!request.resume()) {
            if (Files.exists(partial)) {
                err.println("classify: replacing the partial output %s of an earlier run (--resume continues it instead)"
                        .formatted(partial));
            }
            return null;
        }
        OutputFormat.WrittenRecords written = PartialOutput.resumable(request.output(), identity);
        if (written == null) {
            err.println("classify: --resume: there is no partial output %s; starting from the first row".formatted(partial));
        } else {
            err.println("classify: --resume: %d records of %s are complete; continuing after input line %d"
                    .formatted(written.records, partial, written.lastLine));
        }
        return written;
    }

    /** Skips --offset rows and the rows a resumed run already has, checking they end where the partial output does. */
    private static void skipDoneRows(CsvRowReader reader, ClassifyRequest request, OutputFormat.WrittenRecords written) {
        long done = written == null ? 0 : written.records;
        InputRow last = null;
        for (long i = 0; i < request.offset() + done; i++) {
            last = reader.next();
            if (last == null) {
                if (done == 0) return;
                throw new InputException("--resume: the partial output has %d records but the input has only %d rows after --offset"
                        .formatted(done, i - request.offset()));
            }
        }
        if (done > 0 && last.line() != written.lastLine) {
            throw new InputException(("--resume: the partial output's last record is for input line %d, but row %d of the"
                    + " input starts on line %d; run without --resume to start over").formatted(written.lastLine, done, last.line()));
        }
    }

    private static long rowsToClassify(ClassifyRequest request) {
        long available = Math.max(0, CsvRowReader.countRows(request.input()) - request.offset());
        return request.limit() == null ? available : Math.min(available, request.limit());
    }

    private int report(ClassifyRequest request, RunIdentity identity, TextClassifier classifier,
                       OutputFormat.WrittenRecords written, ClassifyJob.Result result, double loadSeconds,
                       double classifySeconds, double totalSeconds) throws IOException {
        long resumed = written == null ? 0 : written.records;
        long rows = resumed + result.rows();
        long failed = (written == null ? 0 : written.failed) + result.failed();
        Map<String, Long> labels = new TreeMap<>(result.labels());
        if (written != null) written.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
        double rate = classifySeconds > 0 ? result.rows() / classifySeconds : 0;
        ProcessMemory.Peak memory = ProcessMemory.peak();
        int exit = result.outcome() == ClassifyJob.Outcome.COMPLETED && failed == 0 ? OK : ROWS_FAILED;
        Path partial = PartialOutput.partialPath(request.output());

        switch (result.outcome()) {
            case COMPLETED -> err.println("classify: %d records -> %s in %.1f s (model load %.1f s; %d rows classified in %.1f s, %.1f rows/s)"
                    .formatted(rows, request.output(), totalSeconds, loadSeconds, result.rows(), classifySeconds, rate));
            case STOPPED_AT_FAILURE -> err.println(("classify: stopped at the first failed row (--fail-fast): %s%n"
                    + "  %d records are in %s; rerun with --resume to go on after it, or fix the input and run again")
                    .formatted(result.firstFailures().getLast(), rows, partial));
            case ABORTED -> err.println(("classify: the classifier failed, run stopped: %s%n"
                    + "  %d complete records are in %s; rerun with --resume to continue from there")
                    .formatted(describe(result.abortCause()), rows, partial));
        }
        err.println("  labels: " + (labels.isEmpty() ? "none" : String.join(", ",
                labels.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
                + "; failed rows: " + failed + (resumed > 0 ? " (including %d records resumed from the partial output)".formatted(resumed) : ""));
        for (String failure : result.firstFailures()) err.println("    " + failure);
        if (result.failed() > result.firstFailures().size()) {
            err.println("    ... %d more; every failed row has an error record in the output".formatted(result.failed() - result.firstFailures().size()));
        }
        err.println("  memory: peak RSS %s, peak PSS %s (%s)".formatted(mib(memory.peakRssBytes()), mib(memory.peakPssBytes()), memory.source()));
        err.println("  engine: " + classifier.describe());
        err.flush();

        if (request.summaryJson() != null) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
            summary.put("input", identity.input());
            summary.put("output", request.output().toAbsolutePath().normalize().toString());
            summary.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            summary.put("exitCode", exit);
            summary.put("rows", rows);
            summary.put("rowsThisRun", result.rows());
            summary.put("rowsResumed", resumed);
            summary.put("failedRows", failed);
            summary.put("labels", labels);
            summary.put("firstFailures", result.firstFailures());
            summary.put("modelLoadSeconds", loadSeconds);
            summary.put("classifySeconds", classifySeconds);
            summary.put("totalSeconds", totalSeconds);
            summary.put("rowsPerSecond", rate);
            summary.put("peakRssBytes", memory.peakRssBytes() < 0 ? null : memory.peakRssBytes());
            summary.put("peakPssBytes", memory.peakPssBytes() < 0 ? null : memory.peakPssBytes());
            summary.put("memorySource", memory.source());
            summary.put("model", identity.model());
            summary.put("precision", identity.precision());
            summary.put("workers", request.sentiment().workers());
            summary.put("batchSize", request.sentiment().batchSize());
            summary.put("sortByLength", request.sentiment().sortByLength());
            summary.put("intraOpThreads", request.sentiment().intraOpThreads());
            summary.put("engine", classifier.describe());
            summary.put("java", Runtime.version().toString());
            summary.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            Path file = request.summaryJson().toAbsolutePath();
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), summary);
        }
        return exit;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while ((root instanceof CompletionException || root instanceof ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : "%.1f MiB".formatted(bytes / 1048576.0);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
