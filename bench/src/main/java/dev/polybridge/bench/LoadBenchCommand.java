package dev.polybridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code polybridge bench load}: closed-loop single-text requests against a running {@code serve} on loopback, at each
 * concurrency in turn; throughput and p50/p95/p99 latency. bench/service-load.sh runs it against servers with
 * batching on and off and samples the server's PSS meanwhile.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description =
                "Load a running `polybridge serve` on 127.0.0.1 with single-text /v1/classify requests; throughput and latency percentiles per concurrency.")
public class LoadBenchCommand implements Callable<Integer> {
    static final int MAX_CONCURRENCY = 4096;
    static final int MAX_REQUESTS = 10_000_000;

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "The server (loopback only; default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--concurrency",
            split = ",",
            defaultValue = "1,8,32,128",
            description = "Concurrent clients, one level after the other (default ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(
            names = "--duration",
            defaultValue = "PT20S",
            description = "How long each level runs, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warm-up",
            defaultValue = "PT10S",
            description = "Unrecorded load before the first level (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(
            names = "--max-requests",
            defaultValue = "1000000",
            description = "Upper bound on the requests of one level (default ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(
            names = "--texts",
            description =
                    "TSV whose first column holds the texts (default: $POLYBRIDGE_HOME/../shared/data/sst2-dev.tsv).")
    Path texts;

    @Option(names = "--label", defaultValue = "", description = "Free text stored with the results (e.g. batching=on).")
    String label;

    @Option(names = "--output", description = "Write the results as JSON here too.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        for (int clients : concurrency) {
            OptionRange.require(
                    spec, "--concurrency", clients, 1, MAX_CONCURRENCY, "one virtual thread and connection per client");
        }
        OptionRange.require(
                spec, "--max-requests", maxRequests, 1, MAX_REQUESTS, "every request's latency is kept in memory");
        List<String> bodies = sentences().stream().map(LoadBenchCommand::body).toList();
        URI target = url.resolve("/v1/classify");
        if (!warmUp.isZero()) {
            run(
                    target,
                    bodies,
                    concurrency.stream().mapToInt(Integer::intValue).max().orElse(8),
                    warmUp);
        }
        List<Map<String, Object>> levels = new ArrayList<>();
        System.out.printf(
                "%-12s %10s %10s %10s %10s %10s %10s  %s%n",
                "concurrency", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "statuses");
        for (int clients : concurrency) {
            LoadGenerator.Result result = run(target, bodies, clients, duration);
            System.out.printf(
                    "%-12d %10d %10.1f %10.2f %10.2f %10.2f %10.2f  %s%n",
                    clients,
                    result.requests(),
                    result.requestsPerSecond(),
                    result.p50Ms(),
                    result.p95Ms(),
                    result.p99Ms(),
                    result.maxMs(),
                    result.statuses());
            var level = new LinkedHashMap<String, Object>();
            level.put("concurrency", clients);
            level.put("requests", result.requests());
            level.put("seconds", result.seconds());
            level.put("requests_per_second", result.requestsPerSecond());
            level.put("p50_ms", result.p50Ms());
            level.put("p95_ms", result.p95Ms());
            level.put("p99_ms", result.p99Ms());
            level.put("max_ms", result.maxMs());
            level.put("statuses", result.statuses());
            level.put("wrong", result.wrong());
            levels.add(level);
        }
        if (output != null) {
            var report = Machine.resultsHead(LocalDateTime.now().toString());
            report.put("label", label);
            report.put("url", target.toString());
            report.put("duration_per_level_s", duration.toSeconds());
            report.put("levels", levels);
            ResultsJson.write(report, output);
        }
        return levels.stream()
                        .allMatch(l -> ((Map<?, ?>) l.get("statuses")).keySet().equals(java.util.Set.of(200)))
                ? 0
                : 1;
    }

    private LoadGenerator.Result run(URI target, List<String> bodies, int clients, Duration length)
            throws InterruptedException {
        return LoadGenerator.run(new LoadGenerator.Settings(
                target,
                clients,
                maxRequests,
                length,
                i -> bodies.get(i % bodies.size()),
                (i, body) -> body.contains("\"label\"")));
    }

    private static String body(String text) {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("texts", List.of(text)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> sentences() throws IOException {
        Path file = texts != null
                ? texts
                : Path.of(System.getenv().getOrDefault("POLYBRIDGE_HOME", ".")).resolve("../shared/data/sst2-dev.tsv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.stream()
                .skip(1)
                .map(line -> line.split("\t", 2)[0])
                .filter(s -> !s.isBlank())
                .toList();
    }
}
