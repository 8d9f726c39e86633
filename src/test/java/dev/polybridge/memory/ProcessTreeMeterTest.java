package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeMeterTest {

    private static final String FORK_CHILDREN = "bench/memory/fork_children.py";
    private static final ProcessTreeMeter.Options EVERY_50_MS =
            ProcessTreeMeter.Options.every(Duration.ofMillis(50)).discardingOutput();

    @Test
    void forkedChildrenCountInTheTreeNotInTheParent() throws Exception {
        MeasureResult result = ProcessTreeMeter.run(
                List.of(
                        Python.executable(),
                        FORK_CHILDREN,
                        "--mode",
                        "private",
                        "--children",
                        "4",
                        "--mb",
                        "50",
                        "--hold",
                        "2"),
                EVERY_50_MS);

        assertEquals(0, result.exit().code(), result.exit().description());
        MeasureResult.TreeMemory memory = result.memory();
        assertTrue(memory.peakPssBytes() >= 200 * Bytes.MIB, () -> "tree PSS " + Bytes.mib(memory.peakPssBytes()));
        assertTrue(memory.peakRssBytes() >= memory.peakPssBytes());
        assertTrue(memory.meanPssBytes() <= memory.peakPssBytes());
        // Summing the parent alone, as a per-process or heap-only tool would, misses nearly all of it.
        assertTrue(
                memory.rootPeakRssBytes() < memory.peakPssBytes() / 4,
                () -> "parent alone " + Bytes.mib(memory.rootPeakRssBytes()) + " vs tree "
                        + Bytes.mib(memory.peakPssBytes()));
        assertEquals(5, result.processes().seen());
        assertEquals(5, result.processes().peakConcurrent());
        assertEquals(0, result.processes().leftRunning());
        assertTrue(result.cpu().totalSeconds() > 0);
        assertTrue(result.cpu().totalSeconds() >= result.cpu().sampledTotalSeconds());
        assertEquals(
                result.cpu().totalSeconds(),
                result.cpu().userSeconds() + result.cpu().systemSeconds(),
                1e-9);
        assertEquals(
                result.cpu().totalSeconds() / result.wallSeconds(), result.cpu().utilisation(), 1e-9);
        assertEquals(result.samples().size(), result.sampling().samples());
    }

    @Test
    void sharedPagesCountOnceInPssAndOncePerProcessInRss() throws Exception {
        MeasureResult result = ProcessTreeMeter.run(
                List.of(
                        Python.executable(),
                        FORK_CHILDREN,
                        "--mode",
                        "shared",
                        "--children",
                        "4",
                        "--mb",
                        "100",
                        "--hold",
                        "2"),
                EVERY_50_MS);

        assertEquals(0, result.exit().code(), result.exit().description());
        MeasureResult.TreeMemory memory = result.memory();
        // Five processes map the same 100 MiB: summed RSS counts it five times, PSS once.
        assertTrue(memory.peakRssBytes() >= 450 * Bytes.MIB, () -> "summed RSS " + Bytes.mib(memory.peakRssBytes()));
        assertTrue(memory.peakPssBytes() >= 100 * Bytes.MIB, () -> "tree PSS " + Bytes.mib(memory.peakPssBytes()));
        assertTrue(memory.peakPssBytes() < 200 * Bytes.MIB, () -> "tree PSS " + Bytes.mib(memory.peakPssBytes()));
        assertTrue(memory.peakUssBytes() < memory.peakPssBytes());
    }

    @Test
    void aModelFileMappedByEveryChildCountsOnceInPss() throws Exception {
        Path model = Path.of(
                System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared")),
                "models",
                "sst2-minilm-distilbert-v2",
                "model.safetensors");
        long size = Files.size(model);
        MeasureResult result = ProcessTreeMeter.run(
                List.of(
                        Python.executable(),
                        FORK_CHILDREN,
                        "--mode",
                        "mapped",
                        "--file",
                        model.toString(),
                        "--children",
                        "4",
                        "--hold",
                        "2"),
                EVERY_50_MS);

        assertEquals(0, result.exit().code(), result.exit().description());
        MeasureResult.TreeMemory memory = result.memory();
        // Four children map the same file: its page-cache pages count four times in summed RSS, once in PSS.
        assertTrue(memory.peakRssBytes() >= 4 * size, () -> "summed RSS " + Bytes.mib(memory.peakRssBytes()));
        assertTrue(memory.peakPssBytes() < 2 * size, () -> "tree PSS " + Bytes.mib(memory.peakPssBytes()));
    }

    @Test
    void processesReparentedAfterTheirParentExitsStayInTheTree() throws Exception {
        // The middle shell starts a child holding 60 MiB, then exits after 0.5 s; the child is re-parented out of
        // the command's tree but still measured until the command ends at 2.5 s, and outlives it.
        String holder = "'%s' %s --children 1 --mb 60 --hold 3.5".formatted(Python.executable(), FORK_CHILDREN);
        MeasureResult result =
                ProcessTreeMeter.run(List.of("sh", "-c", "sh -c \"" + holder + " & sleep 0.5\"; sleep 2"), EVERY_50_MS);

        assertEquals(0, result.exit().code(), result.exit().description());
        assertTrue(
                result.samples().stream()
                        .anyMatch(sample -> sample.atSeconds() > 1.2 && sample.pssBytes() >= 60 * Bytes.MIB),
                "the orphaned holder is measured after its parent exited");
        assertTrue(result.processes().leftRunning() >= 1, "the holder outlives the command");
    }

    @Test
    void commandNotFound() throws InterruptedException {
        MeasureResult result = ProcessTreeMeter.run(List.of("polybridge-no-such-command", "--flag"), EVERY_50_MS);
        assertFalse(result.exit().started());
        assertEquals(127, result.exit().code());
        assertEquals(
                "command not found: polybridge-no-such-command (No such file or directory)",
                result.exit().description());
        assertEquals(0, result.processes().seen());
        assertTrue(result.samples().isEmpty());
    }

    @Test
    void fileThatIsNotExecutable(@TempDir Path dir) throws IOException, InterruptedException {
        Path script = Files.writeString(dir.resolve("script.sh"), "echo hi\n");
        MeasureResult result = ProcessTreeMeter.run(List.of(script.toString()), EVERY_50_MS);
        assertFalse(result.exit().started());
        assertEquals(126, result.exit().code());
        assertTrue(
                result.exit().description().startsWith("cannot execute: " + script),
                result.exit().description());
    }

    @Test
    void badArgumentsGiveTheCommandsOwnStatus() throws Exception {
        MeasureResult result = ProcessTreeMeter.run(List.of(Python.executable(), "no/such/script.py"), EVERY_50_MS);
        assertTrue(result.exit().started());
        assertEquals(2, result.exit().code());
        assertNull(result.exit().signal());
        assertEquals("exited with status 2", result.exit().description());
    }

    @Test
    void killedBySignal() throws InterruptedException {
        MeasureResult result = ProcessTreeMeter.run(List.of("sh", "-c", "kill -KILL $$"), EVERY_50_MS);
        assertTrue(result.exit().started());
        assertEquals(137, result.exit().code());
        assertEquals("SIGKILL", result.exit().signal());
        assertEquals(
                "killed by SIGKILL (signal 9; status 137 = 128 + 9)",
                result.exit().description());
    }

    @Test
    void terminatedBySignal() throws InterruptedException {
        MeasureResult result = ProcessTreeMeter.run(List.of("sh", "-c", "kill -TERM $$"), EVERY_50_MS);
        assertEquals(143, result.exit().code());
        assertEquals("SIGTERM", result.exit().signal());
    }

    @Test
    void emptyCommandAndNonPositiveIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcessTreeMeter.run(List.of(), EVERY_50_MS));
        assertThrows(IllegalArgumentException.class, () -> ProcessTreeMeter.Options.every(Duration.ZERO));
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        MeasureResult result = ProcessTreeMeter.run(List.of("sh", "-c", "exit 3"), EVERY_50_MS);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(MemoryJson.write(result));
        assertEquals(MeasureResult.SCHEMA, json.get("schema").asText());
        assertEquals(3, json.get("exit").get("code").asInt());
        for (String group : List.of("cpu", "memory", "processes", "sampling")) {
            assertTrue(json.get(group).isObject(), group);
        }
        assertTrue(json.get("memory").has("peakPssBytes"));
        assertTrue(json.get("samples").isArray());
    }
}
