package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole comparison end to end with two external commands (one that works, one that fails) instead of the
 * models: measured runs, the failure recorded with its stderr and the run going on, the GEMM ceiling, the results
 * JSON, the charts and the report section. Needs the venv (bench/python's helpers).
 */
class CompareBenchmarkTest {

    private static final Path HOME = Path.of(".").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aFailingApproachIsRecordedAndTheComparisonGoesOn() throws IOException, InterruptedException {
        Path report = Files.writeString(dir.resolve("benchmarks.md"), "# Benchmarks\n\n## Bridge core\nkept\n");
        var approaches = List.of(
                Approaches.external(
                        "fake=printf '{\"index\":0,\"label\":\"A\",\"score\":0.9}\\n' > {output}; "
                                + "echo '{\"items\": 16, \"items_per_s\": 123.0, \"classify_s\": 0.13}'",
                        List.of()),
                Approaches.external("broken=echo 'model not found' >&2; exit 3", List.of("fake")));
        var options = new CompareOptions(
                Path.of("models/tiny-distilbert-random"),
                Path.of("../shared/data/wine-reviews-10k.csv"),
                16,
                1,
                1,
                true,
                approaches,
                List.of(),
                Approaches.Toolchain.under(HOME, Path.of(".venv/bin/python")),
                dir.resolve("results"),
                report,
                dir.resolve("charts"),
                Duration.ofMillis(50),
                Duration.ofMinutes(2),
                "bench compare --test",
                "test CPU");
        var progress = new ByteArrayOutputStream();

        Path file = new CompareBenchmark(options, new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        JsonNode results = new ObjectMapper().readTree(file.toFile());
        JsonNode fake = results.path("runs").get(0);
        JsonNode broken = results.path("runs").get(1);
        assertThat(fake.path("ok").asBoolean()).isTrue();
        assertThat(fake.path("figures").path("items_per_s").asDouble()).isEqualTo(123.0);
        assertThat(fake.path("wall_s").asDouble()).isPositive();
        assertThat(broken.path("ok").asBoolean()).isFalse();
        assertThat(broken.path("exit_code").asInt()).isEqualTo(3);
        assertThat(broken.path("stderr_tail").asText()).isEqualTo("model not found");
        assertThat(results.path("ceiling")
                        .path("onnxruntime")
                        .path("best_gflop_per_s")
                        .asDouble())
                .isPositive();
        assertThat(dir.resolve("charts/throughput.svg")).isNotEmptyFile();
        assertThat(Files.readString(report))
                .startsWith("# Benchmarks\n\n" + MarkedSection.BEGIN)
                .contains("| fake | 123.0 | 0.1 |")
                .contains("- **broken**, repetition 1: exited with status 3")
                .contains("  model not found")
                .endsWith(MarkedSection.END + "\n\n## Bridge core\nkept\n");
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("[1/2] fake, repetition 1/1 ...")
                .contains("[2/2] broken, repetition 1/1: FAILED (exited with status 3)")
                .contains("total elapsed: ");
    }

    @Test
    void republishRewritesTheReportSectionFromAnEarlierResultsFileWithoutRunningAnything() throws Exception {
        Path results = dir.resolve("compare-20261123-120000.json");
        CannedResults.write(results);
        Path report = Files.writeString(dir.resolve("benchmarks.md"), "# Benchmarks\n\n## Bridge core\nkept\n");
        var tools = Approaches.Toolchain.under(HOME, Path.of(".venv/bin/python"));
        var options = new CompareOptions(
                Path.of("models/absent"),
                Path.of("absent.csv"),
                1000,
                3,
                1,
                false,
                Approaches.standard(tools, 2),
                List.of(),
                tools,
                dir.resolve("results"),
                report,
                dir.resolve("charts"),
                Duration.ofMillis(250),
                Duration.ofMinutes(30),
                "bench compare --report-from " + results,
                "test CPU");

        new CompareBenchmark(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .republish(results);

        assertThat(Files.readString(report))
                .contains("**Run:** 2026-11-23T12:00:00Z to 2026-11-23T12:18:30Z")
                .endsWith(MarkedSection.END + "\n\n## Bridge core\nkept\n");
        assertThat(dir.resolve("charts/throughput.svg")).isNotEmptyFile();
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void republishRefusesAFileThatIsNotACompareResult() throws IOException {
        Path other = Files.writeString(dir.resolve("sentiment.json"), "{\"schema\": \"polybridge.bench-sentiment/1\"}");
        var tools = Approaches.Toolchain.under(HOME, Path.of(".venv/bin/python"));
        var options = new CompareOptions(
                Path.of("models/absent"),
                Path.of("absent.csv"),
                1000,
                3,
                1,
                false,
                Approaches.standard(tools, 2),
                List.of(),
                tools,
                dir.resolve("results"),
                dir.resolve("benchmarks.md"),
                dir.resolve("charts"),
                Duration.ofMillis(250),
                Duration.ofMinutes(30),
                "bench compare --report-from " + other,
                "test CPU");

        assertThatThrownBy(() -> new CompareBenchmark(options, System.err).republish(other))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a bench compare results file");
        assertThat(dir.resolve("benchmarks.md")).doesNotExist();
    }
}
