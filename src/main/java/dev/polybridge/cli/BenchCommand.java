package dev.polybridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.bench.BridgeBenchmark;
import dev.polybridge.bench.ColdStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; results go to bench/results/.",
        subcommands = {BenchCommand.Bridge.class, LoadBenchCommand.class})
public class BenchCommand {

    @Command(name = "bridge", mixinStandardHelpOptions = true,
            description = "Bridge call overhead, 1 ms Python function throughput with 1 and 8 workers, cold start.")
    static class Bridge implements Runnable {
        @Option(names = "--repetitions", defaultValue = "5", description = "Measured rounds per figure (median reported; default ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(names = "--entry-threads", split = ",", defaultValue = "1,2,4", description = "Entry-thread counts to compare (default ${DEFAULT-VALUE}).")
        List<Integer> entryThreads;

        @Option(names = "--cold-starts", defaultValue = "5", description = "Fresh processes for the cold-start figure (default ${DEFAULT-VALUE}).")
        int coldStarts;

        @Option(names = "--output", defaultValue = "bench/results/bridge.json", description = "JSON results (default ${DEFAULT-VALUE}).")
        Path output;

        @Override
        public void run() {
            try {
                var results = new LinkedHashMap<String, Object>();
                results.put("date", LocalDate.now().toString());
                results.put("cpu", Machine.cpuModel());
                results.put("cores", Runtime.getRuntime().availableProcessors());
                results.putAll(new BridgeBenchmark(repetitions).run(entryThreads));
                Path home = Path.of(System.getenv().getOrDefault("POLYBRIDGE_HOME", "."));
                double[] cold = ColdStart.measure(home, coldStarts);
                results.put("cold_start_process_ms_sorted", Arrays.stream(cold).map(Math::rint).toArray());
                results.put("cold_start_process_ms_median", cold[cold.length / 2]);
                Files.createDirectories(output.toAbsolutePath().getParent());
                String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results);
                Files.writeString(output, json);
                System.out.println(json);
            } catch (Exception e) {
                throw new IllegalStateException("bridge benchmark failed: " + e.getMessage(), e);
            }
        }
    }
}
