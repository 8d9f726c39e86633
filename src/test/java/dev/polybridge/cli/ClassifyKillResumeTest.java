package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.FakeClassifier;
import dev.polybridge.classify.PartialOutput;
import dev.polybridge.classify.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real kill: a classify JVM gets SIGKILL midway, and --resume finishes the job without redoing or losing rows. */
class ClassifyKillResumeTest {
    /** Records are written a whole window at a time, so the input spans three windows for the kill to land between two. */
    private static final int ROWS = 3 * ClassifyJob.FILE_WINDOW_ROWS;

    @TempDir
    Path dir;

    @Test
    void killedProcessResumesToTheSameBytesAsAnUninterruptedRun() throws Exception {
        List<String> common = List.of(
                "--input",
                TestData.wineReviews().toAbsolutePath().toString(),
                "--limit",
                String.valueOf(ROWS),
                "--batch-size",
                "8",
                "--workers",
                "2",
                "--include-text",
                "--progress",
                "off");
        Path whole = dir.resolve("whole.csv");
        assertEquals(0, classify(common, "--output", whole.toString()));

        Path out = dir.resolve("killed.csv");
        Path partial = PartialOutput.partialPath(out);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowClassifyMain.class.getName()));
        command.addAll(common);
        command.addAll(List.of("--output", out.toString()));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(partial) && Files.size(partial) > 20_000)
                    && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    child.isAlive(),
                    "the slow run is still going when it is killed: " + Files.readString(dir.resolve("child.log")));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(out), "a killed run never leaves a half output under the final name");

        Path summary = dir.resolve("summary.json");
        assertEquals(0, classify(common, "--output", out.toString(), "--resume", "--summary-json", summary.toString()));
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out));
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        long resumed = json.get("rowsResumed").asLong();
        assertTrue(resumed > 0 && resumed < ROWS, "resumed " + resumed);
        assertEquals(ROWS - resumed, json.get("rowsThisRun").asLong(), "no row is classified twice");
    }

    private static int classify(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        ClassifyCli.Run run = ClassifyCli.classify(options -> new FakeClassifier(), args.toArray());
        if (run.exit() != 0) System.err.println(run.err());
        return run.exit();
    }
}
