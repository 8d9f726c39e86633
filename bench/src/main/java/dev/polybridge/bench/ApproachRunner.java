package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polybridge.memory.MeasureResult;
import dev.polybridge.memory.ProcessTreeMeter;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one approach once as its own process under {@link ProcessTreeMeter}, the same way for every approach, and
 * gives the run as a JSON object: what the meter saw (wall, CPU, tree PSS/RSS), the run's own figures
 * ({@link RunFigures}), and for a failed run its exit status and the tail of its stderr.
 */
final class ApproachRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_TAIL_LINES = 15;

    private final Path workDir;
    private final Duration interval;
    private final Duration timeout;

    /**
     * @param workDir  where each run's JSONL output, summary, stdout and stderr go
     * @param interval the meter's sampling interval
     * @param timeout  a run still going after this is killed and recorded as failed
     */
    ApproachRunner(Path workDir, Duration interval, Duration timeout) {
        this.workDir = workDir;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** The files of one run: {@code <workDir>/<tag>.jsonl, .summary.json, .stdout, .stderr}. */
    record RunFiles(Path output, Path summary, Path stdout, Path stderr) {
        static RunFiles of(Path dir, String tag) {
            return new RunFiles(
                    dir.resolve(tag + ".jsonl"),
                    dir.resolve(tag + ".summary.json"),
                    dir.resolve(tag + ".stdout"),
                    dir.resolve(tag + ".stderr"));
        }
    }

    ObjectNode run(Approach approach, String tag, Path model, Path input, int limit) throws InterruptedException {
        RunFiles files = RunFiles.of(workDir, tag);
        List<String> command = approach.commandFor(placeholders(approach, files, model, input, limit));
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        run.put("approach", approach.name());
        command.forEach(run.putArray("command")::add);
        Optional<String> unavailable = approach.kind() == Approach.Kind.GO_METACALL
                ? GoMetacall.unavailable(Path.of(command.getFirst()))
                : Optional.empty();
        if (unavailable.isPresent()) {
            run.put("ok", false);
            run.put("failure", unavailable.get());
            run.put("stderr_tail", "");
            return run;
        }
        MeasureResult measured = measure(command, files);
        if (measured == null) {
            run.put("ok", false);
            run.put("failure", "killed after the run timeout of " + timeout.toMinutes() + " min (--run-timeout)");
            run.put("stderr_tail", tail(files.stderr()));
            return run;
        }
        run.put("exit_code", measured.exit().code());
        run.put("exit", measured.exit().description());
        run.put("wall_s", measured.wallSeconds());
        run.put("cpu_s", measured.cpu().totalSeconds());
        run.put("cpu_util", measured.cpu().utilisation());
        run.put("peak_pss_bytes", measured.memory().peakPssBytes());
        run.put("mean_pss_bytes", measured.memory().meanPssBytes());
        run.put("peak_rss_bytes", measured.memory().peakRssBytes());
        run.put("processes_seen", measured.processes().seen());
        run.put("processes_left_running", measured.processes().leftRunning());
        run.put("samples", measured.sampling().samples());
        run.put("sampler_cpu_s", measured.sampling().samplerCpuSeconds());
        run.put("output", files.output().toString());
        run.put("stderr_file", files.stderr().toString());

        String failure = measured.exit().code() == 0 ? null : measured.exit().description();
        JsonNode summary = readSummary(approach.kind(), files);
        if (failure == null && summary == null && approach.kind() != Approach.Kind.EXTERNAL) {
            failure = approach.kind() == Approach.Kind.POLYBRIDGE
                    ? "no summary JSON in " + files.summary()
                    : "no JSON summary line on stdout (" + files.stdout() + ")";
        }
        if (summary != null) run.set("summary", summary);
        if (failure == null) {
            run.put("ok", true);
            run.set("figures", RunFigures.of(approach.kind(), summary, limit, measured.wallSeconds()));
        } else {
            run.put("ok", false);
            run.put("failure", failure);
            run.put("stderr_tail", tail(files.stderr()));
        }
        return run;
    }

    private static Map<String, String> placeholders(
            Approach approach, RunFiles files, Path model, Path input, int limit) {
        var values = new LinkedHashMap<String, String>();
        values.put("model", model.toString());
        values.put("input", input.toString());
        values.put("limit", String.valueOf(limit));
        values.put("output", files.output().toString());
        values.put("summary", files.summary().toString());
        if (approach.kind() == Approach.Kind.EXTERNAL) values.replaceAll((key, value) -> Approaches.shellQuote(value));
        return values;
    }

    /** Null when the run timed out (its process tree is killed). */
    private MeasureResult measure(List<String> command, RunFiles files) throws InterruptedException {
        var options = new ProcessTreeMeter.Options(
                interval,
                Redirect.to(files.stdout().toFile()),
                Redirect.to(files.stderr().toFile()),
                null);
        Thread caller = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        try (ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor()) {
            ScheduledFuture<?> alarm = watchdog.schedule(
                    () -> {
                        timedOut.set(true);
                        caller.interrupt();
                    },
                    timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            try {
                MeasureResult result = ProcessTreeMeter.run(command, options);
                alarm.cancel(false);
                if (timedOut.get()) Thread.interrupted(); // the alarm went off just as the run ended
                return result;
            } catch (InterruptedException e) {
                if (!timedOut.get()) throw e;
                Thread.interrupted();
                return null;
            }
        }
    }

    private static JsonNode readSummary(Approach.Kind kind, RunFiles files) {
        try {
            if (kind == Approach.Kind.POLYBRIDGE) {
                return Files.isRegularFile(files.summary())
                        ? JSON.readTree(files.summary().toFile())
                        : null;
            }
            if (!Files.isRegularFile(files.stdout())) return null;
            List<String> lines = Files.readAllLines(files.stdout(), StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (line.startsWith("{")) {
                    JsonNode node = JSON.readTree(line);
                    return node.isObject() ? node : null;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(stderr not readable: " + e.getMessage() + ")";
        }
    }
}
