package dev.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.FakeClassifier;
import dev.polybridge.classify.PartialOutput;
import dev.polybridge.classify.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: a classify JVM that gets SIGTERM or SIGINT, or whose disk fills up, says in one line what happened, how
 * many records are safe and to rerun with --resume; no stack trace. The resumed output is byte-identical to an
 * uninterrupted run.
 */
class ClassifyStopsCleanlyTest {
    private static final int ROWS = 3 * ClassifyJob.FILE_WINDOW_ROWS;
    private static final Pattern SAFE = Pattern.compile("(\\d+) (?:complete )?records are safe in ");

    @TempDir
    Path dir;

    private List<String> common() {
        return List.of(
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
    }

    @Test
    void sigtermStopsAfterTheBatchesInFlightWithOneLineAndExit143() throws Exception {
        stopsWith("TERM", 143);
    }

    @Test
    void sigintStopsAfterTheBatchesInFlightWithOneLineAndExit130() throws Exception {
        stopsWith("INT", 130);
    }

    private void stopsWith(String signal, int expectedExit) throws Exception {
        Path whole = dir.resolve("whole.csv");
        assertThat(classifyInProcess("--output", whole.toString())).isZero();
        Path out = dir.resolve("stopped.csv");
        Path log = dir.resolve("child.log");
        Process child = start(List.of(), out, log);
        try {
            awaitPartialOutput(child, out, log);
            new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            assertThat(child.waitFor(120, TimeUnit.SECONDS))
                    .as("stops soon after SIG" + signal)
                    .isTrue();
        } finally {
            child.destroyForcibly();
        }
        String err = Files.readString(log);
        assertThat(child.exitValue()).as(err).isEqualTo(expectedExit);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> stopLines = err.lines()
                .filter(l -> l.startsWith("classify: stopped by SIG" + signal))
                .toList();
        assertThat(stopLines).as(err).hasSize(1);
        assertThat(stopLines.getFirst()).contains("rerun with --resume");
        assertThat(resumedRecords(out)).as("what --resume keeps").isEqualTo(safeRecords(stopLines.getFirst()));
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(whole));
    }

    @Test
    void aFullDiskSaysHowManyRecordsAreSafeAndResumeFinishesTheJob() throws Exception {
        Path whole = dir.resolve("whole.csv");
        assertThat(classifyInProcess("--output", whole.toString())).isZero();
        Path out = dir.resolve("full.csv");
        Path log = dir.resolve("child.log");
        // RLIMIT_FSIZE: writes past 512 KiB fail with EFBIG ("File too large"), as a full disk fails with ENOSPC.
        Process child = start(List.of("bash", "-c", "ulimit -f 512 && exec \"$0\" \"$@\""), out, log);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(log);
        assertThat(child.exitValue()).as(err).isEqualTo(1);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> failed = err.lines()
                .filter(l -> l.startsWith("classify: writing the output failed"))
                .toList();
        assertThat(failed).as(err).hasSize(1);
        assertThat(failed.getFirst()).contains("File too large").contains("rerun with --resume");
        long safe = safeRecords(failed.getFirst());
        assertThat(safe).isPositive().isLessThan(ROWS);
        assertThat(resumedRecords(out)).as("what --resume keeps").isEqualTo(safe);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(whole));
    }

    private Process start(List<String> prefix, Path out, Path log) throws IOException {
        // A shell without job control starts its background jobs with SIGINT ignored; a JVM that inherits that
        // installs no handler for it, so the child would never see the signal this test sends.
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        command.addAll(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowClassifyMain.class.getName()));
        command.addAll(common());
        command.addAll(List.of("--output", out.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitPartialOutput(Process child, Path out, Path log) throws Exception {
        Path partial = PartialOutput.partialPath(out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(partial) && Files.size(partial) > 20_000)
                && child.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(child.isAlive())
                .as("still classifying when the signal comes: " + Files.readString(log))
                .isTrue();
    }

    private static long safeRecords(String line) {
        Matcher m = SAFE.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Resumes the run to its end and returns how many records it kept from the partial output. */
    private long resumedRecords(Path out) throws IOException {
        Path summary = dir.resolve("summary.json");
        assertThat(classifyInProcess("--output", out.toString(), "--resume", "--summary-json", summary.toString()))
                .isZero();
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(summary.toFile())
                .get("rowsResumed")
                .asLong();
    }

    private int classifyInProcess(String... more) {
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of(more));
        ClassifyCli.Run run = ClassifyCli.classify(options -> new FakeClassifier(), args.toArray());
        if (run.exit() != 0) System.err.println(run.err());
        return run.exit();
    }
}
