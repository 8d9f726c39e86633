package dev.polybridge.bench;

import dev.polybridge.bench.Approach.Kind;
import dev.polybridge.sentiment.OnnxEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The approaches {@code bench compare} knows, and the external ones given on the command line. */
public final class Approaches {

    public static final String PYTHON_SINGLE = "python-single";
    public static final String MULTIPROCESSING = "python-multiprocessing";
    public static final String POLYBRIDGE_FP32 = "polybridge-fp32";
    public static final String POLYBRIDGE_INT8 = "polybridge-int8";
    public static final String ONNXRUNTIME_FP32 = "python-onnxruntime-fp32";
    public static final String ONNXRUNTIME_INT8 = "python-onnxruntime-int8";

    /** polybridge's workers in the comparison: one per core of this project's 2-core machine, as the baselines. */
    private static final int POLYBRIDGE_WORKERS = 2;
    /** The batch size every fast approach runs at in the main comparison. */
    public static final int COMMON_BATCH = 32;
    /** The other batch sizes of the sweep that finds each fast approach's own best (issue 16). */
    public static final List<Integer> SWEEP_BATCHES = List.of(8, 16);
    /** The approaches the batch sweep runs again at {@link #SWEEP_BATCHES}. */
    private static final List<String> SWEPT =
            List.of(ONNXRUNTIME_FP32, ONNXRUNTIME_INT8, POLYBRIDGE_FP32, POLYBRIDGE_INT8);

    private static final Pattern EXTERNAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SWEPT_NAME = Pattern.compile("(.+)-b([0-9]+)");
    private static final String TORCH_THREADS = "PyTorch intra-op pool at torch's default (one per physical core)";
    private static final String ORT_THREADS =
            "ONNX Runtime intra-op pool of one thread per physical core, set explicitly, "
                    + "inter-op 1; tokenisation in the tokenizers crate's Rayon pool (one per logical core)";

    /**
     * Where the programs are.
     *
     * @param python   the venv's CPython (bench/python needs torch, transformers, onnxruntime)
     * @param scripts  bench/python
     * @param launcher bin/polybridge
     * @param goMetacall the Go + MetaCall program ({@link GoMetacall#program})
     */
    public record Toolchain(Path python, Path scripts, Path launcher, Path goMetacall) {
        public static Toolchain under(Path home, Path python) {
            return new Toolchain(
                    python.isAbsolute() ? python : home.resolve(python),
                    home.resolve("bench/python"),
                    home.resolve("bin/polybridge"),
                    GoMetacall.program(home));
        }
    }

    private Approaches() {}

    /**
     * Every standard approach, in report order. Multiprocessing runs with 8 processes (the seed's) and with one per
     * core; the two are one approach when the machine has 8 cores.
     */
    public static List<Approach> standard(Toolchain tools, int cores) {
        var all = new ArrayList<Approach>();
        all.add(python(
                PYTHON_SINGLE,
                "fp32",
                tools,
                "python_single.py",
                List.of(),
                true,
                TORCH_THREADS + "; one sequence per forward pass",
                250));
        all.add(python(
                "python-single-batched",
                "fp32",
                tools,
                "python_single.py",
                List.of("--batch-size", "32"),
                true,
                TORCH_THREADS + "; batch 32",
                67));
        for (int processes : cores == 8 ? List.of(8) : List.of(8, cores)) {
            all.add(python(
                    MULTIPROCESSING + "-" + processes,
                    "fp32",
                    tools,
                    "python_multiprocessing.py",
                    List.of("--processes", String.valueOf(processes)),
                    true,
                    processes + " processes, each with torch's default intra-op pool (one per physical core); batch 16",
                    80 + 8 * processes));
        }
        for (String precision : List.of("fp32", "int8")) {
            all.add(python(
                    "python-onnxruntime-" + precision,
                    precision,
                    tools,
                    "python_onnxruntime.py",
                    List.of("--precision", precision),
                    false,
                    ORT_THREADS + "; batch 32 sorted by length",
                    precision.equals("fp32") ? 16 : 6));
        }
        for (String precision : List.of("fp32", "int8")) {
            all.add(polybridge("polybridge-" + precision, precision, POLYBRIDGE_WORKERS, false, tools));
        }
        all.addAll(GoMetacall.approaches(tools.goMetacall(), cores));
        // Beside go-metacall's worker counts; one run each, as the other worker studies.
        for (int workers : GoMetacall.MEASURED_WORKERS) {
            if (workers != POLYBRIDGE_WORKERS)
                all.add(polybridge(POLYBRIDGE_FP32 + "-workers-" + workers, "fp32", workers, true, tools));
        }
        return all;
    }

    private static Approach polybridge(String name, String precision, int workers, boolean slow, Toolchain tools) {
        return new Approach(
                name,
                Kind.POLYBRIDGE,
                precision,
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
                        "--precision",
                        precision,
                        "--progress",
                        "off",
                        "--workers",
                        String.valueOf(workers),
                        "--batch-size",
                        String.valueOf(COMMON_BATCH),
                        "--summary-json",
                        "{summary}"),
                slow,
                workers + " worker(s) (virtual "
                        + "threads), each handing its batches to a GraalPy context entry thread of its own; ONNX Runtime "
                        + "runs slices of up to " + OnnxEngine.RUN_MAX_ROWS
                        + " texts side by side, the cores shared among the "
                        + "workers as intra-op threads (at least one per run); batch "
                        + COMMON_BATCH
                        + " sorted by length, as the baselines",
                precision.equals("fp32") ? 25 : 12);
    }

    private static Approach python(
            String name,
            String precision,
            Toolchain tools,
            String script,
            List<String> extra,
            boolean slow,
            String threads,
            double priorSecondsPer1000) {
        var command = new ArrayList<>(List.of(
                tools.python().toString(),
                tools.scripts().resolve(script).toString(),
                "--model",
                "{model}",
                "--input",
                "{input}",
                "--limit",
                "{limit}",
                "--output",
                "{output}"));
        command.addAll(extra);
        return new Approach(name, Kind.PYTHON, precision, List.copyOf(command), slow, threads, priorSecondsPer1000);
    }

    /**
     * {@code approaches} with, after each python-onnxruntime and polybridge approach, the same at each of
     * {@code batches}, named {@code NAME-bN}. They run in every repetition, as their approach does: each approach's
     * best batch size is chosen by medians, not by one noisy run.
     */
    public static List<Approach> withBatchSweep(List<Approach> approaches, List<Integer> batches) {
        var all = new ArrayList<Approach>();
        for (Approach approach : approaches) {
            all.add(approach);
            if (!SWEPT.contains(approach.name())) continue;
            for (int batch : batches) {
                if (batch == COMMON_BATCH) continue;
                var command = new ArrayList<>(approach.command());
                int at = command.indexOf("--batch-size");
                if (at >= 0) {
                    command.set(at + 1, String.valueOf(batch));
                } else {
                    command.addAll(List.of("--batch-size", String.valueOf(batch)));
                }
                all.add(new Approach(
                        approach.name() + "-b" + batch,
                        approach.kind(),
                        approach.precision(),
                        List.copyOf(command),
                        approach.slow(),
                        approach.threads().replace("batch " + COMMON_BATCH, "batch " + batch),
                        approach.priorSecondsPer1000()));
            }
        }
        return all;
    }

    /** The approach a batch-sweep variant belongs to ({@code polybridge-int8} for {@code polybridge-int8-b8}). */
    static String family(String name) {
        var matcher = SWEPT_NAME.matcher(name);
        return matcher.matches() ? matcher.group(1) : name;
    }

    /** The batch size of a python-onnxruntime or polybridge approach or sweep variant. */
    static int batchOf(String name) {
        var matcher = SWEPT_NAME.matcher(name);
        return matcher.matches() ? Integer.parseInt(matcher.group(2)) : COMMON_BATCH;
    }

    /**
     * The approaches named in {@code --approaches}, in the standard order; {@code python-multiprocessing} stands for
     * every multiprocessing variant.
     *
     * @throws IllegalArgumentException naming an unknown approach and listing the known ones
     */
    public static List<Approach> select(List<Approach> standard, List<String> names) {
        if (names == null || names.isEmpty()) return standard;
        Map<String, Approach> byName = new LinkedHashMap<>();
        standard.forEach(approach -> byName.put(approach.name(), approach));
        var wanted = new ArrayList<String>();
        for (String raw : names) {
            String name = raw.strip();
            if (name.isEmpty()) continue;
            List<String> matches = name.equals(MULTIPROCESSING)
                    ? byName.keySet().stream()
                            .filter(n -> n.startsWith(MULTIPROCESSING + "-"))
                            .toList()
                    : byName.containsKey(name) ? List.of(name) : List.of();
            if (matches.isEmpty()) {
                throw new IllegalArgumentException(
                        "--approaches: unknown approach '" + name + "'; known: " + String.join(", ", byName.keySet())
                                + " (" + MULTIPROCESSING + " selects every multiprocessing count)");
            }
            wanted.addAll(matches);
        }
        return standard.stream()
                .filter(approach -> wanted.contains(approach.name()))
                .toList();
    }

    /**
     * An {@code --external NAME=COMMAND}: COMMAND runs under {@code sh -c}, with {@code {model} {input} {limit}
     * {output}} replaced by the run's values (single-quoted); when it writes {output} as {index,label,score} JSONL,
     * its labels are compared too.
     *
     * @throws IllegalArgumentException saying what is wrong with the value
     */
    public static Approach external(String value, List<String> taken) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("--external '" + value + "': expected NAME=COMMAND");
        }
        String name = value.substring(0, equals).strip();
        String command = value.substring(equals + 1).strip();
        if (!EXTERNAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--external '" + value + "': NAME must be letters, digits, '.', '_' or"
                    + " '-' (starting with a letter or digit), got '" + name + "'");
        }
        if (taken.contains(name)) {
            throw new IllegalArgumentException("--external '" + value + "': the name '" + name + "' is already used");
        }
        if (command.isEmpty()) {
            throw new IllegalArgumentException("--external '" + value + "': the COMMAND after '=' is empty");
        }
        return new Approach(
                name, Kind.EXTERNAL, null, List.of("sh", "-c", command), false, "its own (external command)", 60);
    }

    /** A value for {@code sh -c}: single-quoted, so paths with spaces or quotes stay one word. */
    public static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
