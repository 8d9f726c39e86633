package dev.polybridge.classify;

import dev.polybridge.memory.PeakMemorySampler.PeakMemory;
import dev.polybridge.memory.PhaseDelta;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a run did, for people (stderr) and programs ({@code --summary-json}). Counts cover the whole output,
 * records resumed from a partial output included; rows/s covers the rows this run classified, over the
 * classification time only (the model load is reported apart).
 */
record RunSummary(
        ClassifyRequest request,
        RunIdentity identity,
        String engine,
        ClassifyJob.Result result,
        long resumedRows,
        long resumedFailed,
        Map<String, Long> labels,
        PeakMemory memory,
        List<PhaseDelta> loadingMemory,
        double loadSeconds,
        double classifySeconds,
        double totalSeconds,
        double firstResultSeconds,
        Map<String, Object> pipelineStatistics) {

    static RunSummary of(
            ClassifyRequest request,
            RunIdentity identity,
            String engine,
            ClassifyJob.Result result,
            OutputFormat.WrittenRecords resumed,
            PeakMemory memory,
            List<PhaseDelta> loadingMemory,
            double loadSeconds,
            double classifySeconds,
            double totalSeconds,
            double firstResultSeconds,
            Map<String, Object> pipelineStatistics) {
        Map<String, Long> labels = new TreeMap<>(result.labels());
        if (resumed != null) resumed.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
        return new RunSummary(
                request,
                identity,
                engine,
                result,
                resumed == null ? 0 : resumed.records,
                resumed == null ? 0 : resumed.failed,
                labels,
                memory,
                loadingMemory,
                loadSeconds,
                classifySeconds,
                totalSeconds,
                firstResultSeconds,
                pipelineStatistics);
    }

    long rows() {
        return resumedRows + result.rows();
    }

    long failed() {
        return resumedFailed + result.failed();
    }

    double rowsPerSecond() {
        return classifySeconds > 0 ? result.rows() / classifySeconds : 0;
    }

    int exitCode() {
        return result.outcome() == ClassifyJob.Outcome.COMPLETED && failed() == 0
                ? ClassifyRun.OK
                : ClassifyRun.ROWS_FAILED;
    }

    void print(PrintWriter err) {
        Path partial = PartialOutput.partialPath(request.output());
        switch (result.outcome()) {
            case STOPPED -> {
                err.println("classify: stopped by %s: %d records are safe in %s; rerun with --resume to continue"
                        .formatted(result.stopReason(), rows(), partial));
                err.flush();
                return;
            }
            case WRITE_FAILED -> {
                err.println(("classify: writing the output failed (%s): %d complete records are safe in %s; make room"
                                + " or fix the cause, then rerun with --resume to continue")
                        .formatted(rootMessage(result.abortCause()), safeRecords(), partial));
                err.flush();
                return;
            }
            default -> {}
        }
        String timing = "%.1f s (model load %.1f s; %d rows classified in %.1f s, %.1f rows/s%s)"
                .formatted(
                        totalSeconds,
                        loadSeconds,
                        result.rows(),
                        classifySeconds,
                        rowsPerSecond(),
                        firstResultSeconds < 0
                                ? ""
                                : "; first rows classified %.1f s after launch".formatted(firstResultSeconds));
        switch (result.outcome()) {
            case COMPLETED ->
                err.println("classify: %d records -> %s in %s".formatted(rows(), request.output(), timing));
            case STOPPED_AT_FAILURE ->
                err.println(("classify: stopped at the first failed row (--fail-fast): %s%n"
                                + "  %d records are in %s; rerun with --resume to go on after it, or fix the input and run again%n"
                                + "  stopped after %s")
                        .formatted(result.firstFailures().getLast(), rows(), partial, timing));
            case ABORTED ->
                err.println(("classify: the classifier failed, run stopped: %s%n"
                                + "  %d complete records are in %s; rerun with --resume to continue from there%n"
                                + "  stopped after %s")
                        .formatted(rootCause(result.abortCause()), rows(), partial, timing));
            case STOPPED, WRITE_FAILED -> throw new IllegalStateException("printed above");
        }
        err.println("  labels: "
                + (labels.isEmpty()
                        ? "none"
                        : String.join(
                                ", ",
                                labels.entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .toList()))
                + "; failed rows: " + failed()
                + (resumedRows > 0
                        ? " (counts include %d records resumed from the partial output)".formatted(resumedRows)
                        : ""));
        for (String failure : result.firstFailures()) err.println("    " + failure);
        long unlisted = result.failed() - result.firstFailures().size();
        if (unlisted > 0)
            err.println("    ... %d more; every failed row has an error record in the output".formatted(unlisted));
        err.println("  memory (whole process): peak RSS %s, peak PSS %s, peak USS %s; Java heap used now %s (%s)"
                .formatted(
                        mib(memory.peakRssBytes()),
                        mib(memory.peakPssBytes()),
                        mib(memory.peakUssBytes()),
                        mib(Runtime.getRuntime().totalMemory()
                                - Runtime.getRuntime().freeMemory()),
                        memory.source()));
        for (PhaseDelta phase : loadingMemory) {
            err.println("    %s added RSS %+.1f MiB, PSS %+.1f MiB"
                    .formatted(
                            phase.phase(),
                            phase.added().rssBytes() / 1048576.0,
                            phase.added().pssBytes() / 1048576.0));
        }
        err.println("  engine: " + engine);
        err.flush();
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("input", identity.input());
        json.put("output", request.output().toAbsolutePath().normalize().toString());
        json.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        json.put("exitCode", exitCode());
        json.put("rows", rows());
        json.put("rowsThisRun", result.rows());
        json.put("rowsResumed", resumedRows);
        json.put("failedRows", failed());
        json.put("labels", labels);
        json.put("firstFailures", result.firstFailures());
        json.put("modelLoadSeconds", loadSeconds);
        json.put("classifySeconds", classifySeconds);
        json.put("totalSeconds", totalSeconds);
        json.put("firstResultSeconds", firstResultSeconds < 0 ? null : firstResultSeconds);
        json.put("rowsPerSecond", rowsPerSecond());
        json.put("peakRssBytes", memory.peakRssBytes() < 0 ? null : memory.peakRssBytes());
        json.put("peakPssBytes", memory.peakPssBytes() < 0 ? null : memory.peakPssBytes());
        json.put("peakUssBytes", memory.peakUssBytes() < 0 ? null : memory.peakUssBytes());
        json.put(
                "memoryPhases",
                loadingMemory.stream()
                        .map(phase -> Map.of(
                                "phase",
                                phase.phase(),
                                "addedRssBytes",
                                phase.added().rssBytes(),
                                "addedPssBytes",
                                phase.added().pssBytes()))
                        .toList());
        json.put("memorySource", memory.source());
        json.put("model", identity.model());
        json.put("precision", identity.precision());
        json.put("workers", request.sentiment().workers());
        json.put("batchSize", request.sentiment().batchSize());
        json.put("sortByLength", request.sentiment().sortByLength());
        json.put("intraOpThreads", request.sentiment().threadsPerRun());
        json.put("engine", engine);
        json.put("pipelineStatistics", pipelineStatistics);
        json.put("java", Runtime.version().toString());
        json.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        return json;
    }

    /** What --resume would keep of the partial output: the complete records in it. */
    private long safeRecords() {
        try {
            OutputFormat.WrittenRecords written = PartialOutput.resumable(request.output(), identity);
            return written == null ? 0 : written.records;
        } catch (InputException e) {
            return rows() - result.rows();
        }
    }

    /** The innermost message: "No space left on device" rather than the wrappers around it. */
    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static String rootCause(Throwable cause) {
        Throwable root = cause;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : "%.1f MiB".formatted(bytes / 1048576.0);
    }
}
