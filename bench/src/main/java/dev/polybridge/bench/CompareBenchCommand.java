package dev.polybridge.bench;

import dev.polybridge.memory.ProcessTreeMeter;
import dev.polybridge.sentiment.EngineLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "polybridge against CPython (transformers single and batched, multiprocessing, onnxruntime), Go + MetaCall and "
                    + "any external command: each approach as its own process under the `measure` meter, repetitions "
                    + "interleaved, label agreement, model GFLOP/s against a measured GEMM peak, peak PSS against "
                    + "concurrent workers. Writes bench/results/compare-STAMP.json, the charts and the generated section "
                    + "of docs/benchmarks.md. Progress on stderr.",
            "Approaches: python-single, python-single-batched, python-multiprocessing-8 and -N (N = cores), "
                    + "python-onnxruntime-fp32, python-onnxruntime-int8, polybridge-fp32, polybridge-int8, "
                    + "go-metacall (the seed's Go + MetaCall program, built by make metacall), go-metacall-batched, "
                    + "go-metacall-workers-1/-2/-8 and polybridge-fp32-workers-1/-8 (the counts besides the "
                    + "defaults)."
        })
public class CompareBenchCommand implements Callable<Integer> {

    static final List<Integer> MEMORY_WORKERS = List.of(1, 2, 4, 8, 16, 32, 64);
    static final List<Integer> QUICK_MEMORY_WORKERS = List.of(1, 8, 64);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "models/distilbert-base-random",
            paramLabel = "DIR",
            description = "Model directory from `make model`, used by every approach (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--input",
            defaultValue = "../shared/data/wine-reviews-10k.csv",
            paramLabel = "CSV",
            description = "CSV with a description column (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(
            names = "--limit",
            defaultValue = "1000",
            paramLabel = "N",
            description = "Reviews per run (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--repetitions",
            defaultValue = "3",
            paramLabel = "N",
            description = "Runs of each fast approach, interleaved (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--slow-repetitions",
            defaultValue = "1",
            paramLabel = "N",
            description = "Runs of the slow CPython baselines (python-single, -batched, multiprocessing), in the first "
                    + "repetitions; 1 keeps the default run near 20 minutes on 2 cores (default: ${DEFAULT-VALUE}).")
    int slowRepetitions;

    @Option(names = "--quick", description = "One repetition of everything and a short memory scan (1, 8, 64 workers).")
    boolean quick;

    @Option(
            names = "--approaches",
            split = ",",
            paramLabel = "NAME",
            description = "Comma list of approaches to run (default: all; python-multiprocessing means both counts).")
    List<String> approaches;

    @Option(
            names = "--external",
            paramLabel = "NAME=COMMAND",
            description = "Also measure COMMAND (run with sh -c; {model} {input} {limit} {output} are replaced). Its "
                    + "items/s is limit / wall time unless it prints a JSON line with items_per_s; labels are compared "
                    + "when it writes {output} as {index,label,score} JSONL. Repeatable.")
    List<String> externals = new ArrayList<>();

    @Option(
            names = "--memory-workers",
            split = ",",
            paramLabel = "N",
            description =
                    "Worker counts of the memory scan, or 'none' (default: 1,2,4,8,16,32,64; with --quick 1,8,64).")
    List<String> memoryWorkers;

    @Option(
            names = "--batch-sweep",
            split = ",",
            paramLabel = "N",
            description =
                    "Batch sizes python-onnxruntime and polybridge also run at, besides the common 32, to report "
                            + "each at its own best; they run in every repetition, so each best is a median; 'none' skips them (default: 8,16).")
    List<String> batchSweep;

    @Option(
            names = "--out",
            defaultValue = "bench/results",
            paramLabel = "DIR",
            description = "Results JSON and every run's output, summary and stderr (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--report",
            defaultValue = "docs/benchmarks.md",
            paramLabel = "FILE",
            description = "Report whose bench-compare section is rewritten (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(
            names = "--charts",
            defaultValue = "docs/charts",
            paramLabel = "DIR",
            description = "Folder of the SVG charts (default: ${DEFAULT-VALUE}).")
    Path charts;

    @Option(
            names = "--python",
            defaultValue = ".venv/bin/python",
            paramLabel = "FILE",
            description =
                    "CPython with the bench/python requirements, relative to $POLYBRIDGE_HOME (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(
            names = "--interval",
            defaultValue = "250ms",
            converter = CompareBenchCommand.IntervalConverter.class,
            paramLabel = "DURATION",
            description = "The meter's sampling interval: each tick reads smaps_rollup of every "
                    + "process of the tree, about 8 ms of CPU per 600 MiB process (docs/memory.md), taken from the cores "
                    + "the approaches share (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--run-timeout",
            defaultValue = "30",
            paramLabel = "MINUTES",
            description = "Kill a run that takes longer and record it as failed (default: ${DEFAULT-VALUE}).")
    int runTimeoutMinutes;

    @Option(
            names = "--report-from",
            paramLabel = "JSON",
            description = "Run nothing: rewrite the charts and the report section from an earlier results file "
                    + "(bench/results/compare-STAMP.json), e.g. after a change to how the report is written.")
    Path reportFrom;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("POLYBRIDGE_HOME", "."))
                .toAbsolutePath()
                .normalize();
        Approaches.Toolchain tools = Approaches.Toolchain.under(home, python);
        CompareOptions options;
        try {
            var selected = new ArrayList<>(Approaches.withBatchSweep(
                    Approaches.select(
                            Approaches.standard(tools, Runtime.getRuntime().availableProcessors()), approaches),
                    batchSweep()));
            for (String external : externals) {
                selected.add(Approaches.external(
                        external, selected.stream().map(Approach::name).toList()));
            }
            OptionRange.require(spec, "--run-timeout", runTimeoutMinutes, 1, 24 * 60, "a day, in minutes");
            OptionRange.require(spec, "--limit", limit, 1, OptionRange.MAX_TEXTS, "reviews loaded per run");
            OptionRange.require(
                    spec, "--repetitions", repetitions, 1, OptionRange.MAX_REPETITIONS, "runs per approach");
            OptionRange.require(
                    spec, "--slow-repetitions", slowRepetitions, 1, OptionRange.MAX_REPETITIONS, "runs per approach");
            List<Integer> memoryScan = memoryWorkers();
            if (reportFrom == null) {
                checkFiles(selected, tools);
            } else if (!Files.isRegularFile(reportFrom)) {
                throw new IllegalArgumentException("--report-from " + reportFrom + ": no such file");
            }
            options = new CompareOptions(
                    model,
                    input,
                    limit,
                    quick ? 1 : repetitions,
                    quick ? 1 : slowRepetitions,
                    quick,
                    selected,
                    memoryScan,
                    tools,
                    out,
                    report,
                    charts,
                    interval,
                    Duration.ofMinutes(runTimeoutMinutes),
                    "bench/polybridge-bench "
                            + String.join(
                                    " ", spec.commandLine().getParseResult().originalArgs()),
                    Machine.cpuModel());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var benchmark = new CompareBenchmark(options, System.err);
        if (reportFrom != null) {
            benchmark.republish(reportFrom);
        } else {
            benchmark.run();
        }
        return 0;
    }

    /** What every run needs, checked before the first one rather than discovered by each. */
    private void checkFiles(List<Approach> selected, Approaches.Toolchain tools) {
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new IllegalArgumentException(
                    "--model " + model + ": no config.json there (run make model MODEL=" + model.getFileName() + ")");
        }
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException("--input " + input + ": no such file");
        if (selected.stream().anyMatch(a -> a.kind() != Approach.Kind.EXTERNAL)
                && !Files.isExecutable(tools.python())) {
            throw new IllegalArgumentException("--python " + tools.python() + ": not an executable (run make venv)");
        }
    }

    private List<Integer> memoryWorkers() {
        if (memoryWorkers == null) return quick ? QUICK_MEMORY_WORKERS : MEMORY_WORKERS;
        List<Integer> workers = counts("--memory-workers", memoryWorkers);
        for (int count : workers) {
            OptionRange.require(
                    spec, "--memory-workers", count, 1, EngineLimits.MAX_WORKERS, "classify's --workers limit");
        }
        return workers;
    }

    private List<Integer> batchSweep() {
        if (batchSweep == null) return Approaches.SWEEP_BATCHES;
        List<Integer> sizes = counts("--batch-sweep", batchSweep);
        for (int size : sizes) {
            OptionRange.require(
                    spec, "--batch-sweep", size, 1, EngineLimits.MAX_BATCH_SIZE, "classify's --batch-size limit");
        }
        return sizes;
    }

    /** Whole numbers from a comma option, or none for the single value 'none'. */
    private static List<Integer> counts(String option, List<String> values) {
        if (values.size() == 1 && values.getFirst().strip().equals("none")) return List.of();
        var counts = new ArrayList<Integer>();
        for (String value : values) {
            try {
                counts.add(Integer.parseInt(value.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + value + "' is not a whole number (or give 'none')");
            }
        }
        return counts;
    }

    static final class IntervalConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return ProcessTreeMeter.parseInterval(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
