package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polybridge.bench.MemoryBudget.Growth;
import dev.polybridge.bridge.PythonBridge;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench compare}: every approach as its own process under the same meter, repetitions interleaved (repetition
 * 1 runs every approach, then repetition 2, ...), then label agreement, FLOPs against the measured GEMM ceiling, the
 * memory scan over concurrent workers; writes the results JSON, the charts and the report section.
 */
public final class CompareBenchmark {

    private static final ObjectMapper JSON = ResultsJson.MAPPER;
    static final String SCHEMA = "polybridge.bench-compare/1";
    private static final long MEMORY_MARGIN_BYTES = 2L << 30;
    private static final double MB = 1e6;
    /** polybridge, python-multiprocessing and go-metacall. */
    private static final int SCANNED_APPROACHES = 3;

    private final CompareOptions options;
    private final PrintStream progress;
    private final ApproachRunner runner;
    private final PythonTools python;
    private final Path workDir;
    private final String stamp;
    private final long startNanos = System.nanoTime();
    private final Map<String, List<Double>> durations = new HashMap<>();
    private int plannedRuns;
    private int doneRuns;

    public CompareBenchmark(CompareOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
        this.stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        this.workDir = options.out().resolve("compare-" + stamp);
        this.runner = new ApproachRunner(workDir, options.interval(), options.runTimeout());
        this.python = new PythonTools(options.tools());
    }

    /** Runs everything; returns the results JSON file. */
    public Path run() throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path model = options.model().toAbsolutePath().normalize();
        Path input = options.input().toAbsolutePath().normalize();
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.put("schema", SCHEMA);
        results.put("title", "bench compare");
        results.put(
                "started_at",
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.put("command", options.commandLine());
        ObjectNode settings = results.putObject("options");
        settings.put("model", options.model().toString());
        settings.put("input", options.input().toString());
        settings.put("limit", options.limit());
        settings.put("repetitions", options.repetitions());
        settings.put("slow_repetitions", options.slowRepetitions());
        settings.put("quick", options.quick());
        options.memoryWorkers().forEach(settings.putArray("memory_workers")::add);
        settings.put("run_timeout_min", options.runTimeout().toMinutes());
        settings.put("sampling_interval_s", options.interval().toNanos() / 1e9);
        results.set("model", modelFacts(model));
        results.set("machine", machineFacts());

        plannedRuns =
                options.approaches().stream().mapToInt(options::repetitionsOf).sum()
                        + SCANNED_APPROACHES * options.memoryWorkers().size();
        ArrayNode runs = results.putArray("runs");
        for (int rep = 1; rep <= options.repetitions(); rep++) {
            for (Approach approach : options.approaches()) {
                if (rep > options.repetitionsOf(approach)) continue;
                String label = "%s, repetition %d/%d".formatted(approach.name(), rep, options.repetitionsOf(approach));
                String tag = approach.name() + "-r" + rep;
                ObjectNode run = timed(
                        label,
                        approach.name(),
                        approach.priorSeconds(options.limit()),
                        () -> runner.run(approach, tag, model, input, options.limit()));
                run.put("repetition", rep);
                runs.add(run);
            }
        }
        results.set("labels", labels(runs));
        results.set("ceiling", ceiling());
        addFlops(runs, model.resolve("config.json"));
        results.set("memory_vs_workers", memoryScan(model, input));
        results.set("approaches", Aggregate.approaches(options.approaches(), runs, results.path("ceiling")));
        results.set("pair_ratios", Aggregate.pairRatios(runs));
        results.set("best_batch", Aggregate.bestBatch(results.path("approaches")));
        results.set("memory_growth", Aggregate.memoryGrowth(results.path("memory_vs_workers")));
        results.set("versions", versions(runs, results.path("ceiling")));
        results.put(
                "finished_at",
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.put("elapsed_s", elapsed());
        ((ObjectNode) results.get("machine")).put("load_average_after", loadAverage());
        results.set("targets", Targets.evaluate(results));
        results.put("note", note(results));

        Path file = options.out().resolve("compare-" + stamp + ".json");
        results.put("results_file", file.toString());
        ResultsJson.write(results, file);
        publish(results, file);
        say("total elapsed: %s".formatted(clock(elapsed())));
        return file;
    }

    /** Rewrites the charts and the report section from an earlier results file, without running anything. */
    public void republish(Path file) throws IOException, InterruptedException {
        JsonNode results = JSON.readTree(file.toFile());
        if (!(results instanceof ObjectNode object)
                || !SCHEMA.equals(results.path("schema").asText())) {
            throw new IOException(file + ": not a bench compare results file (schema " + SCHEMA + ")");
        }
        publish(object, file);
    }

    private void publish(ObjectNode results, Path file) throws IOException, InterruptedException {
        writeCharts(results, file);
        Path report = options.report();
        String document = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n";
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, MarkedSection.replace(document, CompareReport.render(results, chartsLink(report))));
        say("results: %s; report section rewritten in %s; charts in %s".formatted(file, report, options.charts()));
    }

    private interface RunBody {
        ObjectNode run() throws InterruptedException;
    }

    private ObjectNode timed(String label, String durationKey, double priorSeconds, RunBody body)
            throws InterruptedException {
        say("[%d/%d] %s ...".formatted(doneRuns + 1, plannedRuns, label));
        long started = System.nanoTime();
        ObjectNode run = body.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        durations.computeIfAbsent(durationKey, key -> new ArrayList<>()).add(seconds);
        doneRuns++;
        say("[%d/%d] %s: %s in %.1f s; elapsed %s%s"
                .formatted(
                        doneRuns,
                        plannedRuns,
                        label,
                        run.path("ok").asBoolean()
                                ? "ok"
                                : "FAILED (" + run.path("failure").asText() + ")",
                        seconds,
                        clock(elapsed()),
                        remaining()));
        return run;
    }

    private String remaining() {
        double left = 0;
        for (int rep = 1; rep <= options.repetitions(); rep++) {
            for (Approach approach : options.approaches()) {
                if (rep > options.repetitionsOf(approach)) continue;
                int seen = durations.getOrDefault(approach.name(), List.of()).size();
                if (rep > seen) left += expected(approach.name(), approach.priorSeconds(options.limit()));
            }
        }
        for (int workers : options.memoryWorkers()) {
            if (!durations.containsKey(scanKey("polybridge", workers))) left += 25;
            if (!durations.containsKey(scanKey(Approaches.MULTIPROCESSING, workers))) left += 10 + 5.0 * workers;
            if (!durations.containsKey(scanKey(GoMetacall.NAME, workers))) left += 20;
        }
        return left < 1 ? "" : ", about %s to go (estimate)".formatted(clock(left));
    }

    private double expected(String key, double prior) {
        return Stats.median(durations.getOrDefault(key, List.of())).orElse(prior);
    }

    private ObjectNode labels(ArrayNode runs) {
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        String reference = firstOk(runs, Approaches.PYTHON_SINGLE) != null
                ? Approaches.PYTHON_SINGLE
                : firstOk(runs, Approaches.ONNXRUNTIME_FP32) != null ? Approaches.ONNXRUNTIME_FP32 : null;
        labels.put("reference", reference);
        ArrayNode comparisons = labels.putArray("comparisons");
        if (reference == null) {
            labels.put("note", "not compared: neither python-single nor python-onnxruntime-fp32 completed");
            return labels;
        }
        try {
            var referenceLabels = LabelAgreement.read(
                    Path.of(firstOk(runs, reference).path("output").asText()));
            for (Approach approach : options.approaches()) {
                if (approach.name().equals(reference)) continue;
                ObjectNode run = firstOk(runs, approach.name());
                ObjectNode comparison = comparisons.addObject();
                comparison.put("approach", approach.name());
                comparison.put("precision", approach.precision());
                Path output = run == null ? null : Path.of(run.path("output").asText());
                if (output == null || !Files.isRegularFile(output)) {
                    comparison.put("verdict", "not compared");
                    comparison.put("note", run == null ? "no completed run" : "wrote no JSONL output");
                    continue;
                }
                ObjectNode agreement = LabelAgreement.compare(referenceLabels, LabelAgreement.read(output));
                comparison.setAll(agreement);
                comparison.put("verdict", verdict(approach, agreement));
            }
        } catch (IOException e) {
            labels.put("note", "not compared: " + e.getMessage());
        }
        return labels;
    }

    /** fp32 must agree everywhere; int8 may differ and is counted; an external command is only reported. */
    static String verdict(Approach approach, JsonNode agreement) {
        boolean complete = agreement.path("missing").asInt() == 0
                && agreement.path("extra").asInt() == 0;
        if (agreement.path("disagree").asInt() == 0 && complete) return "agree";
        if ("int8".equals(approach.precision())) return complete ? "int8 differs" : "FAIL: rows missing";
        return approach.precision() == null ? "differs" : "FAIL";
    }

    private static ObjectNode firstOk(ArrayNode runs, String approach) {
        for (JsonNode run : runs) {
            if (run.path("approach").asText().equals(approach) && run.path("ok").asBoolean()) return (ObjectNode) run;
        }
        return null;
    }

    private JsonNode ceiling() {
        say("GEMM ceiling: bench/python/gemm_peak.py ...");
        try {
            return python.gemmPeak();
        } catch (IOException e) {
            say("GEMM ceiling: FAILED (%s)".formatted(e.getMessage()));
            return JsonNodeFactory.instance.objectNode().put("error", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JsonNodeFactory.instance.objectNode().put("error", "interrupted");
        }
    }

    private void addFlops(ArrayNode runs, Path config) throws InterruptedException {
        for (JsonNode run : runs) {
            JsonNode figures = run.path("figures");
            if (!figures.has("padded_work") || !figures.has("classify_s")) continue;
            try {
                ((ObjectNode) run).set("flops", python.flops(config, figures));
            } catch (IOException e) {
                ((ObjectNode) run).put("flops_error", e.getMessage());
            }
        }
    }

    private ArrayNode memoryScan(Path model, Path input) throws InterruptedException {
        ArrayNode points = JsonNodeFactory.instance.arrayNode();
        if (options.memoryWorkers().isEmpty()) return points;
        var budget = new MemoryBudget(MEMORY_MARGIN_BYTES);
        Approaches.Toolchain tools = options.tools();
        scan(
                points,
                budget,
                "polybridge",
                Growth.SHARED,
                workers -> new Approach(
                        "polybridge",
                        Approach.Kind.POLYBRIDGE,
                        "fp32",
                        List.of(
                                tools.launcher().toString(),
                                "classify",
                                "--input",
                                "{input}",
                                "--output",
                                "{output}",
                                "--limit",
                                "{limit}",
                                "--model",
                                "{model}",
                                "--workers",
                                String.valueOf(workers),
                                "--batch-size",
                                "2",
                                "--progress",
                                "off",
                                "--summary-json",
                                "{summary}"),
                        false,
                        "",
                        0),
                model,
                input);
        scan(
                points,
                budget,
                Approaches.MULTIPROCESSING,
                Growth.PER_PROCESS,
                workers -> new Approach(
                        Approaches.MULTIPROCESSING,
                        Approach.Kind.PYTHON,
                        "fp32",
                        List.of(
                                tools.python().toString(),
                                tools.scripts()
                                        .resolve("python_multiprocessing.py")
                                        .toString(),
                                "--model",
                                "{model}",
                                "--input",
                                "{input}",
                                "--limit",
                                "{limit}",
                                "--output",
                                "{output}",
                                "--processes",
                                String.valueOf(workers)),
                        false,
                        "",
                        0),
                model,
                input);
        scan(
                points,
                budget,
                GoMetacall.NAME,
                Growth.SHARED,
                workers -> GoMetacall.scan(tools.goMetacall(), workers),
                model,
                input);
        return points;
    }

    private interface ScanCommand {
        Approach forWorkers(int workers);
    }

    /** Rows per scan run: enough that every worker has work at once (2 per worker), at least 64. */
    static int scanRows(int workers) {
        return Math.max(64, 2 * workers);
    }

    private void scan(
            ArrayNode points,
            MemoryBudget budget,
            String name,
            Growth growth,
            ScanCommand command,
            Path model,
            Path input)
            throws InterruptedException {
        var measured = new TreeMap<Integer, Long>();
        for (int workers : options.memoryWorkers()) {
            String key = scanKey(name, workers);
            ObjectNode point = points.addObject();
            point.put("approach", name);
            point.put("workers", workers);
            point.put("rows", scanRows(workers));
            long projected = MemoryBudget.projectedBytes(growth, measured, workers);
            long available = memInfoBytes("MemAvailable");
            String refusal = budget.refusal(projected, available);
            if (refusal != null) {
                point.putNull("peak_pss_mb");
                point.put("status", refusal);
                durations.put(key, List.of(0.0));
                doneRuns++;
                say("memory scan: %s with %s %s".formatted(name, workersText(workers), refusal));
                continue;
            }
            ObjectNode run = timed(
                    "memory scan: %s with %s".formatted(name, workersText(workers)),
                    key,
                    25,
                    () -> runner.run(
                            command.forWorkers(workers),
                            "scan-" + name + "-" + workers,
                            model,
                            input,
                            scanRows(workers)));
            if (run.path("ok").asBoolean()) {
                measured.put(workers, run.path("peak_pss_bytes").asLong());
                point.put("peak_pss_mb", run.path("peak_pss_bytes").asLong() / MB);
                point.put("peak_rss_mb", run.path("peak_rss_bytes").asLong() / MB);
                point.put("processes_seen", run.path("processes_seen").asInt());
                point.put("status", "ok");
            } else {
                point.putNull("peak_pss_mb");
                point.put("status", "failed: " + run.path("failure").asText());
                point.put("stderr_tail", run.path("stderr_tail").asText());
            }
        }
    }

    private static String scanKey(String name, int workers) {
        return "scan-" + name + "-" + workers;
    }

    private ObjectNode modelFacts(Path model) {
        ObjectNode facts = JsonNodeFactory.instance.objectNode();
        String name = model.getFileName().toString();
        facts.put("dir", options.model().toString());
        facts.put("name", name);
        facts.put("random_weights", name.contains("random"));
        try {
            JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
            facts.put(
                    "architecture",
                    "DistilBERT, %d layers, dim %d, hidden %d"
                            .formatted(
                                    config.path("n_layers").asInt(),
                                    config.path("dim").asInt(),
                                    config.path("hidden_dim").asInt()));
        } catch (IOException e) {
            facts.put("architecture", "unknown (" + model.resolve("config.json") + " not readable)");
        }
        return facts;
    }

    private ObjectNode machineFacts() {
        ObjectNode machine = JsonNodeFactory.instance.objectNode();
        machine.put("cpu", options.cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("mem_total_bytes", memInfoBytes("MemTotal"));
        machine.put("mem_available_bytes_at_start", memInfoBytes("MemAvailable"));
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("load_average_before", loadAverage());
        return machine;
    }

    private static ObjectNode versions(ArrayNode runs, JsonNode ceiling) {
        ObjectNode versions = JsonNodeFactory.instance.objectNode();
        versions.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        versions.put("graalpy", PythonBridge.graalPyVersion());
        try {
            versions.put(
                    "onnxruntime_java",
                    ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            versions.put("onnxruntime_java", "unknown (" + e.getMessage() + ")");
        }
        // The Python programs report the venv's packages; the go-metacall runs add Go's and MetaCall's.
        for (JsonNode run : runs) {
            run.path("summary").path("versions").fields().forEachRemaining(entry -> {
                if (!versions.has(entry.getKey())) versions.set(entry.getKey(), entry.getValue());
            });
        }
        ceiling.path("versions").fields().forEachRemaining(entry -> {
            if (!versions.has(entry.getKey())) versions.set(entry.getKey(), entry.getValue());
        });
        return versions;
    }

    private static String note(JsonNode results) {
        return "%s, %s, %d cores; model %s; %d reviews"
                .formatted(
                        results.path("started_at").asText().substring(0, 10),
                        results.path("machine").path("cpu").asText(),
                        results.path("machine").path("cores").asInt(),
                        results.path("model").path("name").asText(),
                        results.path("options").path("limit").asInt());
    }

    private void writeCharts(ObjectNode results, Path file) throws InterruptedException {
        try {
            Files.createDirectories(options.charts());
            python.charts(file, options.charts());
        } catch (IOException e) {
            say("charts: FAILED (%s)".formatted(e.getMessage()));
            results.put("charts_error", e.getMessage());
        }
    }

    /** The charts folder as the report links it: relative to the report's folder. */
    private String chartsLink(Path report) {
        Path folder = report.toAbsolutePath().getParent();
        return folder.relativize(options.charts().toAbsolutePath()).toString();
    }

    static long memInfoBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Reported as unknown below.
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String workersText(int workers) {
        return workers == 1 ? "1 worker" : workers + " workers";
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
    }

    private void say(String message) {
        progress.println("bench compare: " + message);
        progress.flush();
    }
}
