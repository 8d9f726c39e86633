package dev.polybridge.spark;

import static dev.polybridge.spark.SparkTests.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on this machine: a Master and 2 Workers as JVMs of their own on 127.0.0.1, started from
 * the build's jars by spark/bin/spark.sh; the packaged job submitted with 2 executors of 1 core each.
 */
class StandaloneClusterIT {

    private static final Path SCRIPT = Path.of(System.getProperty("polybridge.spark.dir"), "bin", "spark.sh");

    @Test
    void twoOneCoreExecutorsOnTwoWorkersGiveClassifysRecordsAndEveryProcessIsStopped(@TempDir Path dir)
            throws Exception {
        Path state = dir.resolve("cluster");
        Path reviews = SparkTests.firstReviews(dir, 1000);
        Path out = dir.resolve("out");
        Path summary = dir.resolve("summary.json");
        List<Long> started = new ArrayList<>();
        Thread stopOnExit = new Thread(() -> stop(state, dir));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            script(dir, "start", 180, 0, "start", state.toString(), "2", "3g");
            String master = Files.readString(state.resolve("master-url")).strip();
            assertThat(master).matches("spark://127\\.0\\.0\\.1:\\d+");
            started.addAll(Files.readAllLines(state.resolve("pids")).stream()
                    .map(Long::parseLong)
                    .toList());
            assertThat(started).hasSize(3).allMatch(pid -> ProcessHandle.of(pid).isPresent());

            String refused = script(
                    dir,
                    "submit-without-jit",
                    600,
                    2,
                    "submit",
                    state.toString(),
                    master,
                    "--conf",
                    "spark.executor.cores=1",
                    "--conf",
                    "spark.cores.max=2",
                    "--conf",
                    "spark.executor.extraJavaOptions=-XX:NativeMemoryTracking=summary",
                    "--",
                    "--input",
                    reviews.toString(),
                    "--output",
                    out.toString(),
                    "--model",
                    TINY.toAbsolutePath().toString());
            assertThat(refused)
                    .contains("SparkClassify: spark.executor.extraJavaOptions lacks the GraalPy JIT flags "
                            + "[-XX:+UnlockExperimentalVMOptions, -XX:+EnableJVMCI, --upgrade-module-path=DIR]");
            assertThat(out).doesNotExist();

            script(
                    dir,
                    "submit",
                    1200,
                    0,
                    "submit",
                    state.toString(),
                    master,
                    "--conf",
                    "spark.executor.cores=1",
                    "--conf",
                    "spark.cores.max=2",
                    "--conf",
                    "spark.executor.memory=2g",
                    "--",
                    "--input",
                    reviews.toString(),
                    "--output",
                    out.toString(),
                    "--output-format",
                    "csv",
                    "--model",
                    TINY.toAbsolutePath().toString(),
                    "--summary-json",
                    summary.toString());

            assertThat(Records.ofSpark(out)).containsExactlyElementsOf(SparkTests.classify(reviews, dir, TINY, "fp32"));
            JsonNode executors = new ObjectMapper().readTree(summary.toFile()).path("executors");
            assertThat(executors).hasSize(2);
            for (JsonNode executor : executors) {
                assertThat(executor.path("bridgesBuilt").asInt()).isEqualTo(1);
                assertThat(executor.path("classifier").asText()).contains("GraalPy GraalVM CE");
                started.add(executor.path("pid").asLong());
            }
            assertThat(executors.findValues("rows").stream()
                            .mapToLong(JsonNode::asLong)
                            .sum())
                    .isEqualTo(1000);
        } finally {
            stop(state, dir);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        for (long pid : started) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("process %d after stop", pid)
                    .isEmpty();
        }
    }

    private static void stop(Path state, Path dir) {
        try {
            script(dir, "stop", 120, 0, "stop", state.toString());
        } catch (Exception e) {
            throw new IllegalStateException("stopping the cluster failed", e);
        }
    }

    /** Runs spark.sh, expecting {@code exitCode}; returns its standard error followed by its standard output. */
    private static String script(Path dir, String name, int seconds, int exitCode, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            assertThat(process.waitFor(seconds, TimeUnit.SECONDS))
                    .as("spark.sh %s finished in %d s", name, seconds)
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue())
                .as("spark.sh %s: %s", name, Files.readString(stderr))
                .isEqualTo(exitCode);
        return Files.readString(stderr) + Files.readString(stdout);
    }
}
