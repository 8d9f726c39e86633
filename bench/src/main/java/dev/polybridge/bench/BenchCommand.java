package dev.polybridge.bench;

import dev.polybridge.Polybridge;
import dev.polybridge.sentiment.EngineLimits;
import dev.polybridge.sentiment.Precision;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench/polybridge-bench}: the benchmark harness, a program of its own beside the product (bench/pom.xml),
 * run from the checkout by the bench targets of the Makefile.
 */
@Command(
        name = "polybridge-bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks; results go to bench/results/.",
        subcommands = {
            BenchCommand.Bridge.class,
            BenchCommand.Sentiment.class,
            LoadBenchCommand.class,
            CompareBenchCommand.class
        })
public class BenchCommand {

    public static void main(String... args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Command(
            name = "sentiment",
            mixinStandardHelpOptions = true,
            description = "process_batch items/s on the first N wine reviews, fp32 and int8, with the time split "
                    + "into tokenization (Python), engine (ONNX Runtime) and the rest (bridge and pipeline glue).")
    static class Sentiment implements Runnable {
        @Option(
                names = "--model",
                defaultValue = "models/distilbert-base-random",
                description = "Model directory (default ${DEFAULT-VALUE}).")
        Path model;

        @Option(
                names = "--input",
                defaultValue = "../shared/data/wine-reviews-10k.csv",
                description = "CSV with a description column (default ${DEFAULT-VALUE}).")
        Path input;

        @Option(names = "--limit", defaultValue = "1000", description = "Reviews (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(
                names = "--repetitions",
                defaultValue = "3",
                description = "Timed passes per precision; median reported (default ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(
                names = "--output",
                defaultValue = "bench/results/sentiment.json",
                description = "JSON results (default ${DEFAULT-VALUE}).")
        Path output;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            OptionRange.require(spec, "--limit", limit, 1, OptionRange.MAX_TEXTS, "reviews held in memory");
            OptionRange.require(
                    spec, "--batch-size", batchSize, 1, EngineLimits.MAX_BATCH_SIZE, "classify's --batch-size limit");
            OptionRange.require(spec, "--repetitions", repetitions, 1, OptionRange.MAX_REPETITIONS, "timed passes");
            try {
                var results = Machine.resultsHead(LocalDate.now().toString());
                results.put("model", model.toString());
                var texts = SentimentBenchmark.firstTexts(input, limit);
                try (Polybridge polybridge =
                        Polybridge.open(new SentimentBenchmark(model, Precision.FP32, batchSize, repetitions)
                                .options()
                                .bridgeConfig())) {
                    for (Precision precision : Precision.values()) {
                        results.put(
                                precision.label(),
                                new SentimentBenchmark(model, precision, batchSize, repetitions)
                                        .run(polybridge, texts));
                    }
                }
                System.out.println(ResultsJson.write(results, output));
            } catch (Exception e) {
                throw new IllegalStateException("sentiment benchmark failed: " + e.getMessage(), e);
            }
        }
    }

    @Command(
            name = "bridge",
            mixinStandardHelpOptions = true,
            description = "Bridge call overhead, 1 ms Python function throughput with 1 and 8 workers, cold start.")
    static class Bridge implements Runnable {
        @Option(
                names = "--repetitions",
                defaultValue = "5",
                description = "Measured rounds per figure (median reported; default ${DEFAULT-VALUE}).")
        int repetitions;

        @Option(
                names = "--entry-threads",
                split = ",",
                defaultValue = "1,2,4",
                description = "Entry-thread counts to compare (default ${DEFAULT-VALUE}).")
        List<Integer> entryThreads;

        @Option(
                names = "--cold-starts",
                defaultValue = "5",
                description = "Fresh processes for the cold-start figure (default ${DEFAULT-VALUE}).")
        int coldStarts;

        @Option(
                names = "--output",
                defaultValue = "bench/results/bridge.json",
                description = "JSON results (default ${DEFAULT-VALUE}).")
        Path output;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            OptionRange.require(spec, "--repetitions", repetitions, 1, OptionRange.MAX_REPETITIONS, "measured rounds");
            OptionRange.require(spec, "--cold-starts", coldStarts, 1, OptionRange.MAX_REPETITIONS, "fresh processes");
            for (int threads : entryThreads) {
                OptionRange.require(
                        spec,
                        "--entry-threads",
                        threads,
                        1,
                        EngineLimits.MAX_WORKERS,
                        "threads entering the Python context");
            }
            try {
                var results = Machine.resultsHead(LocalDate.now().toString());
                Path home = Path.of(System.getenv().getOrDefault("POLYBRIDGE_HOME", "."));
                results.putAll(
                        new BridgeBenchmark(repetitions).run(entryThreads, home.resolve("bench/src/main/python")));
                double[] cold = ColdStart.measure(home, coldStarts);
                results.put(
                        "cold_start_process_ms_sorted",
                        Arrays.stream(cold).map(Math::rint).toArray());
                results.put("cold_start_process_ms_median", cold[cold.length / 2]);
                System.out.println(ResultsJson.write(results, output));
            } catch (Exception e) {
                throw new IllegalStateException("bridge benchmark failed: " + e.getMessage(), e);
            }
        }
    }
}
