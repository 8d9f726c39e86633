package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParsingTest {

    private static final String SMAPS_ROLLUP = """
            5597201b2000-7ffcff926000 ---p 00000000 00:00 0                          [rollup]
            Rss:                1684 kB
            Pss:                 481 kB
            Pss_Dirty:           112 kB
            Pss_Anon:            112 kB
            Pss_File:            369 kB
            Pss_Shmem:             0 kB
            Shared_Clean:       1488 kB
            Shared_Dirty:          0 kB
            Private_Clean:        84 kB
            Private_Dirty:       112 kB
            Referenced:         1684 kB
            Anonymous:           112 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            Swap:                 12 kB
            SwapPss:              12 kB
            Locked:                0 kB
            """;

    @Test
    void smapsRollupGivesBytesAndDerivedSets() {
        SmapsRollup rollup = SmapsRollup.parse(SMAPS_ROLLUP);
        assertEquals(1684 * 1024, rollup.rss());
        assertEquals(481 * 1024, rollup.pss());
        assertEquals((84 + 112) * 1024, rollup.uss());
        assertEquals(112 * 1024, rollup.anonymous());
        assertEquals((1684 - 112) * 1024, rollup.fileBacked());
        assertEquals(12 * 1024, rollup.swap());
    }

    @Test
    void smapsRollupOfAnExitedProcessIsEmpty() {
        assertEquals(SmapsRollup.EMPTY, SmapsRollup.parse(""));
    }

    @Test
    void statFindsFieldsAfterACommandNameWithSpacesAndParentheses() {
        String line = "4242 (tricky ) (name) S 4241 4242 4242 0 -1 4194560 1510 0 0 0 "
                + "37 12 5 3 20 0 1 0 998877 10240000 700 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0";
        ProcStat stat = ProcStat.parse(line);
        assertEquals(4242, stat.pid());
        assertEquals("tricky ) (name", stat.command());
        assertEquals('S', stat.state());
        assertEquals(4241, stat.parentPid());
        assertEquals(37, stat.userTicks());
        assertEquals(12, stat.systemTicks());
        assertEquals(5, stat.childUserTicks());
        assertEquals(3, stat.childSystemTicks());
        assertEquals(37 + 12 + 5 + 3, stat.treeTicks());
        assertEquals(998877, stat.startTime());
    }

    @Test
    void statRejectsText() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("not a stat line"));
    }

    @Test
    void ownStatAndStatusAreReadable() {
        ProcStat self = ProcFs.stat(ProcFs.selfPid()).orElseThrow();
        assertEquals(ProcFs.selfPid(), self.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), self.parentPid());
        assertTrue(ProcFs.statusBytes(ProcFs.selfPid(), "VmHWM").orElseThrow() > 0);
        assertTrue(ProcFs.allPids().contains(ProcFs.selfPid()));
    }

    @Test
    void aProcessThatDoesNotExistReadsAsEmpty() {
        long noSuchPid = Long.MAX_VALUE;
        assertFalse(ProcFs.stat(noSuchPid).isPresent());
        assertFalse(ProcFs.smapsRollup(noSuchPid).isPresent());
        assertFalse(ProcFs.residentBytesInRange(noSuchPid, 0, 1).isPresent());
    }

    @Test
    void nmtSummaryOfJdk25() throws IOException {
        NativeMemoryTracking nmt = NativeMemoryTracking.parse(resource("nmt-summary-jdk25.txt"));
        assertTrue(nmt.enabled());
        assertEquals(nmt.totalCommittedBytes(), nmt.mallocBytes() + nmt.mappedCommittedBytes());
        List<String> names = nmt.categories().stream()
                .map(NativeMemoryTracking.Category::name)
                .toList();
        assertTrue(
                names.containsAll(List.of(
                        "Java Heap",
                        "Class",
                        "Thread",
                        "Code",
                        "GC",
                        "Compiler",
                        "Internal",
                        "Other",
                        "Symbol",
                        "Native Memory Tracking",
                        "Shared class space",
                        "Arena Chunk",
                        "Metaspace")),
                names::toString);
        assertEquals(2048L * 1024 * 1024, nmt.categories().getFirst().reservedBytes(), "-Xmx2g Java Heap reserved");
        assertEquals(
                nmt.totalCommittedBytes(),
                nmt.categories().stream()
                        .mapToLong(NativeMemoryTracking.Category::committedBytes)
                        .sum(),
                1024 * nmt.categories().size(),
                "categories add up to the total (each rounded to a KB)");
        assertTrue(nmt.committedBytes(NativeMemoryTracking.SHARED_CLASS_SPACE) > 0);
    }

    @Test
    void nmtOffIsSaidSo() {
        NativeMemoryTracking nmt = NativeMemoryTracking.parse("Native memory tracking is not enabled\n");
        assertFalse(nmt.enabled());
        assertTrue(nmt.categories().isEmpty());
    }

    @Test
    void nmtTextWithoutTotalsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> NativeMemoryTracking.parse("something else"));
    }

    @Test
    void heapRangeOfEachCollector() throws IOException {
        assertEquals(
                new DiagnosticCommands.HeapRange(0x687400000L, 0x800000000L),
                DiagnosticCommands.parseHeapRange(resource("heap-info-g1.txt")).orElseThrow());
        assertEquals(
                new DiagnosticCommands.HeapRange(0x687400000L, 0x800000000L),
                DiagnosticCommands.parseHeapRange(resource("heap-info-parallel.txt"))
                        .orElseThrow());
        assertEquals(
                new DiagnosticCommands.HeapRange(0x687400000L, 0x800000000L),
                DiagnosticCommands.parseHeapRange(resource("heap-info-serial.txt"))
                        .orElseThrow());
        assertFalse(
                DiagnosticCommands.parseHeapRange(resource("heap-info-zgc.txt")).isPresent());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProcParsingTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
