package dev.polybridge.bench;

import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.graalvm.polyglot.HostAccess;

/**
 * The bridge's three numbers: warm call overhead Java → Python → Java, throughput of a 1 ms pure-Python function
 * with 1 and 8 workers (and of a 1 ms wait inside Java, where the GIL is released), per entry-thread count.
 * Cold start is measured by {@link ColdStart} in fresh processes. And the figures bench/metacall-go/bridge measures
 * for MetaCall's Go port, on the same Python functions: add two ints, echo 32 short strings, from 1 and 8 callers.
 */
public final class BridgeBenchmark {
    private final int repetitions;

    public BridgeBenchmark(int repetitions) {
        this.repetitions = repetitions;
    }

    /** Exported so Python can wait inside Java. */
    public static final class Host {
        @HostAccess.Export
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }

    /** @param pythonPath the folder holding {@code polybridge_bench} (bench/src/main/python) */
    public Map<String, Object> run(List<Integer> entryThreadCounts, Path pythonPath) throws Exception {
        var results = new LinkedHashMap<String, Object>();
        for (int entryThreads : entryThreadCounts) {
            PythonBridge bridge = PythonBridge.open(BridgeConfig.defaults()
                    .withPythonPath(List.of(pythonPath))
                    .withWorkers(8)
                    .withEntryThreads(entryThreads));
            bridge.load("polybridge_bench.calls");
            var row = new LinkedHashMap<String, Object>();
            row.put("jit", bridge.runtimeName());
            row.put("call_overhead_us_median", medianOf(() -> callOverheadMicros(bridge)));
            for (int workers : List.of(1, 8)) {
                row.put(
                        "spin_1ms_calls_per_s_workers_" + workers,
                        medianOf(() -> throughput(bridge, workers, () -> bridge.call("spin", 1))));
                Host host = new Host();
                row.put(
                        "host_wait_1ms_calls_per_s_workers_" + workers,
                        medianOf(() -> throughput(bridge, workers, () -> bridge.call("host_wait", host, 1))));
            }
            row.putAll(trivialCalls(bridge));
            results.put("entry_threads_" + entryThreads, row);
            bridge.close();
        }
        return results;
    }

    /** One of the trivial functions: how many calls a round makes, and one checked call. */
    private record TrivialCall(String name, int calls, Runnable call) {}

    private static final List<String> ECHO_TEXTS =
            IntStream.range(0, 32).mapToObj("review %02d"::formatted).toList();

    /** Per function and caller count: calls/s of all callers together, and µs one call takes as its caller sees it. */
    private Map<String, Object> trivialCalls(PythonBridge bridge) throws Exception {
        var figures = new LinkedHashMap<String, Object>();
        for (TrivialCall call : List.of(
                new TrivialCall("add_ints", 20_000, () -> {
                    Object sum = bridge.call("add_ints", 20, 22);
                    if (!Long.valueOf(42).equals(sum))
                        throw new IllegalStateException("add_ints(20, 22) returned " + sum);
                }),
                new TrivialCall("echo_32_strings", 10_000, () -> {
                    Object echoed = bridge.call("echo_texts", ECHO_TEXTS);
                    if (!ECHO_TEXTS.equals(echoed)) throw new IllegalStateException("echo_texts returned " + echoed);
                }))) {
            for (int callers : List.of(1, 8)) {
                callersRound(bridge, call, callers); // warm-up round, not counted
                double[] perSecond = new double[repetitions];
                double[] micros = new double[repetitions];
                for (int i = 0; i < repetitions; i++) {
                    double[] round = callersRound(bridge, call, callers);
                    perSecond[i] = round[0];
                    micros[i] = round[1];
                }
                var figure = new LinkedHashMap<String, Object>();
                figure.put("calls_per_s_median", median(perSecond));
                figure.put("us_per_call_median", median(micros));
                figures.put(call.name() + "_callers_" + callers, figure);
            }
        }
        return figures;
    }

    /** The round's calls spread over callers pool workers: {calls/s, mean µs per call as its caller sees it}. */
    private static double[] callersRound(PythonBridge bridge, TrivialCall call, int callers) throws Exception {
        int each = call.calls() / callers;
        long started = System.nanoTime();
        var futures = new ArrayList<CompletableFuture<Long>>();
        for (int c = 0; c < callers; c++) {
            futures.add(bridge.submit(() -> {
                long begin = System.nanoTime();
                for (int i = 0; i < each; i++) {
                    call.call().run();
                }
                return System.nanoTime() - begin;
            }));
        }
        long busy = 0;
        for (var future : futures) {
            busy += future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int calls = each * callers;
        return new double[] {calls / seconds, busy / 1e3 / calls};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private interface Measurement {
        double measure() throws Exception;
    }

    private double medianOf(Measurement measurement) throws Exception {
        measurement.measure(); // warm-up round, not counted
        double[] samples = new double[repetitions];
        for (int i = 0; i < repetitions; i++) {
            samples[i] = measurement.measure();
        }
        return median(samples);
    }

    private static double callOverheadMicros(PythonBridge bridge) {
        int calls = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            bridge.call("noop");
        }
        return (System.nanoTime() - started) / 1e3 / calls;
    }

    private static double throughput(PythonBridge bridge, int workers, Runnable call) throws Exception {
        int callsPerWorker = 400 / workers;
        long started = System.nanoTime();
        var futures = new ArrayList<CompletableFuture<Object>>();
        for (int w = 0; w < workers; w++) {
            futures.add(bridge.submit(() -> {
                for (int i = 0; i < callsPerWorker; i++) {
                    call.run();
                }
                return null;
            }));
        }
        for (var future : futures) {
            future.get();
        }
        double seconds = Duration.ofNanos(System.nanoTime() - started).toNanos() / 1e9;
        return callsPerWorker * workers / seconds;
    }
}
