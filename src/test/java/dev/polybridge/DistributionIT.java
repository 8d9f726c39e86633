package dev.polybridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.TestData;
import dev.polybridge.sentiment.Golden;
import dev.polybridge.sentiment.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution of {@code make dist}, unpacked into a temporary folder outside the checkout and run there with
 * only a JDK 25: no checkout, no Maven, no POLYBRIDGE_HOME. Models and data are given by absolute path, as a user
 * of the distribution would.
 */
class DistributionIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path outside;

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("polybridge.dist", "target/polybridge-dist-missing.tar.gz"));
        assertThat(archive).as("make dist's archive").isRegularFile();
        Result untar =
                run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", outside.toString()), Map.of());
        assertThat(untar.exit()).as(untar.err()).isZero();
        try (var entries = Files.list(outside)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("polybridge-");
        assertThat(home.resolve("bin/polybridge")).isExecutable();
    }

    @Test
    void infoReportsTheJitOnAndThePythonSourcesFromTheJar() throws Exception {
        Result info = polybridge("info", "--json");
        assertThat(info.exit()).as(info.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(info.out());
        assertThat(json.get("jit").asBoolean()).as(info.out()).isTrue();
        assertThat(json.get("truffle_runtime").asText()).isEqualTo("GraalVM CE");
        assertThat(json.get("python_path").asText()).startsWith("/graalpy_vfs/src");
    }

    @Test
    void classifiesTwentyReviewsWithTheTinyModelAndWithTheSst2ModelGivingTodaysLabels() throws Exception {
        Path tinyOut = outside.resolve("tiny.csv");
        Result tiny = classify(TestModels.TINY, tinyOut);
        assertThat(tiny.exit()).as(tiny.err()).isZero();
        assertThat(tiny.err())
                .as("classify runs without Quarkus, with its console log")
                .contains("INFO  [de.po.br.PythonBridge] GraalPy")
                .contains("INFO  [de.po.se.SentimentClassifier] tiny-distilbert-random ready in");
        assertThat(tiny.err())
                .as("classify runs GraalPy's interpreter, by the launcher's choice, without a warning")
                .contains("(interpreter, no JIT: the launcher's choice for this command;")
                .doesNotContain("WARN");
        assertThat(records(tinyOut))
                .hasSize(20)
                .allSatisfy(r -> assertThat(r.get("error")).isEmpty());

        Path sst2Out = outside.resolve("sst2.csv");
        Result sst2 = classify(TestModels.SST2, sst2Out);
        assertThat(sst2.exit()).as(sst2.err()).isZero();
        List<CSVRecord> records = records(sst2Out);
        List<String> expected = new ArrayList<>();
        for (Golden.Row row : Golden.read(TestModels.SST2 + ".jsonl.gz").rows()) {
            if (row.set().equals("wine") && row.index() < 20)
                expected.add(row.index() + " " + row.json().get("label").asText());
        }
        assertThat(records.stream().map(r -> r.get("id") + " " + r.get("label")).toList())
                .isEqualTo(expected);
    }

    @Test
    void anUnknownPythonJitSettingIsRefusedByName() throws Exception {
        Result refused = run(command(List.of("info")), Map.of("POLYBRIDGE_PYTHON_JIT", "maybe"));
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("POLYBRIDGE_PYTHON_JIT must be on or off, got 'maybe'");
    }

    @Test
    void fitsTheRegression() throws Exception {
        Result regress = polybridge(
                "regress", "--data", absolute(TestData.shared("data/boston-housing.csv")), "--target", "mv", "--json");
        assertThat(regress.exit()).as(regress.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(regress.out());
        assertThat(json.toString()).contains("r2");
    }

    @Test
    void servesOneRequestAndStopsOnSigterm() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process server = start(
                command(List.of(
                        "serve",
                        "--port",
                        Integer.toString(port),
                        "--model",
                        absolute(TestModels.dir(TestModels.SST2)))),
                Map.of());
        var err = new StringBuilder();
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (var lines =
                    new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (err) {
                        err.append(line).append('\n');
                    }
                    if (line.contains("polybridge ready on")) ready.complete(true);
                }
                ready.complete(false);
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        try {
            assertThat(ready.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("%s", err)
                    .isTrue();
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/classify"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"texts\": [\"A wonderful, elegant wine.\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"label\":\"POSITIVE\"");
            }
            server.destroy(); // SIGTERM: a graceful stop
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("%s", err).isTrue();
            assertThat(server.exitValue()).as("%s", err).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    private static Result classify(String model, Path output) throws Exception {
        return polybridge(
                "classify",
                "--input",
                absolute(TestData.wineReviews()),
                "--limit",
                "20",
                "--model",
                absolute(TestModels.dir(model)),
                "--output",
                output.toString());
    }

    private static List<CSVRecord> records(Path csv) throws IOException {
        try (CSVParser parser = CSVParser.parse(
                csv,
                StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().get())) {
            return parser.getRecords();
        }
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }

    private record Result(int exit, String out, String err) {}

    private static Result polybridge(String... args) throws Exception {
        return run(command(List.of(args)), Map.of());
    }

    private static List<String> command(List<String> args) {
        var command = new ArrayList<String>();
        command.add(home.resolve("bin/polybridge").toString());
        command.addAll(args);
        return command;
    }

    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        Process process = start(command, environment);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + COMMAND_TIMEOUT);
        }
        return new Result(process.exitValue(), out.get(), err.get());
    }

    /** In the unpacked folder, with the JDK running the tests and nothing of the checkout in the environment. */
    private static Process start(List<String> command, Map<String, String> environment) throws IOException {
        var builder = new ProcessBuilder(command).directory(outside.toFile());
        builder.environment().remove("POLYBRIDGE_HOME");
        builder.environment().remove("POLYBRIDGE_JAVA_OPTS");
        builder.environment().remove("POLYBRIDGE_PYTHON_JIT");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
