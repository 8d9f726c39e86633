package dev.polybridge.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.memory.PeakMemorySampler;
import dev.polybridge.memory.PeakMemorySampler.PeakMemory;
import dev.polybridge.memory.ProcFs;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

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
        try (PeakMemorySampler memory = PeakMemorySampler.start(PeakMemorySampler.DEFAULT_INTERVAL)) {
            return classify(request, startNanos, memory);
        } catch (InputException | ModelException e) {
            err.println("classify: " + e.getMessage());
            err.flush();
            return UNUSABLE;
        }
    }

    private int classify(ClassifyRequest request, long startNanos, PeakMemorySampler memory)
            throws IOException, InterruptedException {
        checkOutputLocation(request);
        AtomicReference<ClassifyJob> running = new AtomicReference<>();
        try (StopOnSignals signals = new StopOnSignals(err, signal -> {
            ClassifyJob job = running.get();
            if (job != null) job.stop("SIG" + signal.getName());
        })) {
            return classify(request, startNanos, memory, signals, running);
        }
    }

    private int classify(
            ClassifyRequest request,
            long startNanos,
            PeakMemorySampler memory,
            StopOnSignals signals,
            AtomicReference<ClassifyJob> running)
            throws IOException, InterruptedException {
        SentimentOptions sentiment = request.sentiment();
        try (CsvRowReader reader = CsvRowReader.open(request.input(), request.column())) {
            RunIdentity identity = RunIdentity.of(
                    request.input(),
                    request.column(),
                    request.offset(),
                    request.limit(),
                    request.format(),
                    request.includeText(),
                    sentiment.modelDir(),
                    sentiment.precision().label());
            OutputFormat.WrittenRecords written = priorRecords(request, identity);
            long alreadyDone = written == null ? 0 : written.records;
            skipDoneRows(reader, request, written);
            CompletableFuture<Long> total = CompletableFuture.supplyAsync(
                    () -> rowsToClassify(request),
                    counting -> Thread.ofPlatform()
                            .name("polybridge-row-count")
                            .daemon(true)
                            .start(counting));

            long loadStart = System.nanoTime();
            try (TextClassifier classifier = factory.open(sentiment)) {
                double loadSeconds = seconds(loadStart);
                if (signals.received() != null) {
                    err.println("classify: stopped by SIG%s before the first row; nothing was written"
                            .formatted(signals.received().getName()));
                    err.flush();
                    return StopOnSignals.exitCode(signals.received());
                }
                try (PartialOutput out = written == null
                        ? PartialOutput.create(request.output(), identity)
                        : PartialOutput.resume(request.output(), identity, written)) {
                    long remaining = request.limit() == null ? Long.MAX_VALUE : request.limit() - alreadyDone;
                    long classifyStart = System.nanoTime();
                    ClassifyJob.Result result;
                    try (ProgressReporter progress = new ProgressReporter(
                            request.progress(), err, join(total), alreadyDone, request.logEvery())) {
                        ClassifyJob job = new ClassifyJob(
                                classifier,
                                new ClassifyJob.Settings(
                                        sentiment.workers(),
                                        sentiment.batchSize(),
                                        sentiment.sortByLength(),
                                        request.failFast(),
                                        ClassifyJob.FILE_WINDOW_ROWS),
                                request.includeText(),
                                out::write,
                                progress);
                        running.set(job);
                        if (signals.received() != null)
                            job.stop("SIG" + signals.received().getName());
                        result = job.run(RowSource.limit(reader, remaining));
                    }
                    double classifySeconds = seconds(classifyStart);
                    if (result.outcome() == ClassifyJob.Outcome.COMPLETED) {
                        try {
                            out.commit();
                        } catch (IOException e) {
                            result = new ClassifyJob.Result(
                                    ClassifyJob.Outcome.WRITE_FAILED,
                                    result.rows(),
                                    result.failed(),
                                    result.labels(),
                                    result.firstFailures(),
                                    e,
                                    null,
                                    result.firstBatchNanos());
                        }
                    }
                    int exit = report(
                            request,
                            identity,
                            classifier,
                            written,
                            result,
                            memory.peak(),
                            loadSeconds,
                            classifySeconds,
                            seconds(startNanos));
                    return result.outcome() == ClassifyJob.Outcome.STOPPED && signals.received() != null
                            ? StopOnSignals.exitCode(signals.received())
                            : exit;
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
        for (Path file : List.of(output, PartialOutput.partialPath(output), PartialOutput.sidecarPath(output))) {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new InputException(("%s exists and is not a regular file (a device, pipe or socket); classify"
                                + " writes a new file and renames it into place, which would replace it: choose another --output")
                        .formatted(file));
            }
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
                err.println(
                        "classify: replacing the partial output %s of an earlier run (--resume continues it instead)"
                                .formatted(partial));
            }
            return null;
        }
        OutputFormat.WrittenRecords written = PartialOutput.resumable(request.output(), identity);
        if (written == null) {
            err.println("classify: --resume: there is no partial output %s; starting from the first row"
                    .formatted(partial));
        } else {
            err.println("classify: --resume: %d records of %s are complete; continuing after input line %d"
                    .formatted(written.records, partial, written.lastLine));
        }
        return written;
    }

    /** Skips --offset rows and the rows a resumed run already has, checking they end where the partial output does. */
    private static void skipDoneRows(
            CsvRowReader reader, ClassifyRequest request, OutputFormat.WrittenRecords written) {
        long done = written == null ? 0 : written.records;
        InputRow last = null;
        for (long i = 0; i < request.offset() + done; i++) {
            last = reader.next();
            if (last == null) {
                if (done == 0) return;
                throw new InputException(
                        "--resume: the partial output has %d records but the input has only %d rows after --offset"
                                .formatted(done, i - request.offset()));
            }
        }
        if (done > 0 && last.line() != written.lastLine) {
            throw new InputException(
                    ("--resume: the partial output's last record is for input line %d, but row %d of the"
                                    + " input starts on line %d; run without --resume to start over")
                            .formatted(written.lastLine, done, last.line()));
        }
    }

    /** The rows this run will have when complete, counted while the model loads (a large input takes seconds). */
    private static long rowsToClassify(ClassifyRequest request) {
        long atMost = request.limit() == null || request.limit() > Long.MAX_VALUE - request.offset()
                ? Long.MAX_VALUE
                : request.offset() + request.limit();
        long available = Math.max(0, CsvRowReader.countRows(request.input(), atMost) - request.offset());
        return request.limit() == null ? available : Math.min(available, request.limit());
    }

    private static long join(CompletableFuture<Long> count) {
        try {
            return count.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    private int report(
            ClassifyRequest request,
            RunIdentity identity,
            TextClassifier classifier,
            OutputFormat.WrittenRecords resumed,
            ClassifyJob.Result result,
            PeakMemory memory,
            double loadSeconds,
            double classifySeconds,
            double totalSeconds)
            throws IOException {
        RunSummary summary = RunSummary.of(
                request,
                identity,
                classifier.describe(),
                result,
                resumed,
                memory,
                classifier.loadingMemory(),
                loadSeconds,
                classifySeconds,
                totalSeconds,
                secondsFromLaunch(result.firstBatchNanos()),
                classifier.statistics());
        summary.print(err);
        if (request.summaryJson() != null) {
            Path file = request.summaryJson().toAbsolutePath();
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), summary.toJson());
        }
        return summary.exitCode();
    }

    /** Seconds from the launch of this process (its launcher script included) to {@code nanoTime}; -1 for -1. */
    private static double secondsFromLaunch(long nanoTime) {
        return nanoTime < 0 ? -1 : ProcFs.secondsSinceStart() - (System.nanoTime() - nanoTime) / 1e9;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
