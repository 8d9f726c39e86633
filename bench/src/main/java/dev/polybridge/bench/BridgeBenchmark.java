package dev.polybridge.bench;

import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import org.graalvm.polyglot.HostAccess;

import java.time.Duration;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bridge's three numbers: warm call overhead Java → Python → Java, throughput of a 1 ms pure-Python function
 * with 1 and 8 workers (and of a 1 ms wait inside Java, where the GIL is released), per entry-thread count.
 * Cold start is measured by {@link ColdStart} in fresh processes.
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
            PythonBridge bridge = PythonBridge.open(BridgeConfig.defaults().withPythonPath(List.of(pythonPath))
                    .withWorkers(8).withEntryThreads(entryThreads));
            bridge.load("polybridge_bench.calls");
            var row = new LinkedHashMap<String, Object>();
            row.put("jit", bridge.runtimeName());
            row.put("call_overhead_us_median", medianOf(() -> callOverheadMicros(bridge)));
            for (int workers : List.of(1, 8)) {
                row.put("spin_1ms_calls_per_s_workers_" + workers, medianOf(() -> throughput(bridge, workers,
                        () -> bridge.call("spin", 1))));
                Host host = new Host();
                row.put("host_wait_1ms_calls_per_s_workers_" + workers, medianOf(() -> throughput(bridge, workers,
                        () -> bridge.call("host_wait", host, 1))));
            }
            results.put("entry_threads_" + entryThreads, row);
            bridge.close();
        }
        return results;
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
        Arrays.sort(samples);
        return samples[repetitions / 2];
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
