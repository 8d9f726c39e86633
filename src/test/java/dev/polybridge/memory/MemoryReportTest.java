package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The report of this very JVM (surefire starts it with -XX:NativeMemoryTracking=summary). */
class MemoryReportTest {

    private static final long TOLERANCE = 8 * Bytes.MIB;

    @Test
    void rssAgreesWithPs() throws IOException, InterruptedException {
        long before = MemoryReporter.current().process().rssBytes();
        long ps = psRssBytes(ProcFs.selfPid());
        long after = MemoryReporter.current().process().rssBytes();
        long low = Math.min(before, after) - TOLERANCE;
        long high = Math.max(before, after) + TOLERANCE;
        assertTrue(
                ps >= low && ps <= high,
                "ps says %s, the report %s then %s".formatted(Bytes.mib(ps), Bytes.mib(before), Bytes.mib(after)));
    }

    @Test
    void ussIsAtMostPssWhichIsAtMostRss() {
        ProcessMemory process = MemoryReporter.current().process();
        assertTrue(process.ussBytes() > 0);
        assertTrue(process.ussBytes() <= process.pssBytes(), process::toString);
        assertTrue(process.pssBytes() <= process.rssBytes(), process::toString);
        assertEquals(process.rssBytes(), process.anonymousBytes() + process.fileBackedBytes());
        assertTrue(process.peakRssBytes() >= process.rssBytes() - TOLERANCE, process::toString);
    }

    @Test
    void nmtIsOnAndTheHeapIsMeasuredInRam() {
        MemoryReport report = MemoryReporter.current();
        assertTrue(report.nmt().enabled(), "surefire's argLine passes -XX:NativeMemoryTracking=summary");
        assertTrue(report.nmt().committedBytes(NativeMemoryTracking.JAVA_HEAP) > 0);
        assertTrue(report.sources().stream().anyMatch(source -> source.startsWith("NMT: VM.native_memory")));
        JvmMemory jvm = report.jvm();
        assertNotNull(jvm.heapResidentBytes(), "G1 reports the heap's address range");
        assertTrue(jvm.heapResidentBytes() > 0);
        assertTrue(jvm.heapResidentBytes() <= jvm.heapCommittedBytes() + TOLERANCE, jvm::toString);
        assertTrue(jvm.heapUsedBytes() <= jvm.heapCommittedBytes());
        assertTrue(jvm.metaspaceCommittedBytes() > 0 && jvm.codeCacheCommittedBytes() > 0);
        assertTrue(jvm.threads() > 0);
    }

    @Test
    void breakdownSplitsAnonymousMemory() {
        MemoryReport report = MemoryReporter.current();
        RssBreakdown breakdown = report.rssBreakdown();
        assertEquals(report.process().fileBackedBytes(), breakdown.fileBackedBytes());
        assertTrue(breakdown.jvmMallocBytes() > 0 && breakdown.jvmMappedCommittedBytes() > 0);
        assertTrue(breakdown.nonJvmNativeMinBytes() >= 0);
        assertTrue(breakdown.nonJvmNativeMinBytes() <= breakdown.nonJvmNativeMaxBytes(), breakdown::toString);
        assertEquals(
                report.process().anonymousBytes(),
                breakdown.javaHeapResidentBytes() + breakdown.jvmMallocBytes() + breakdown.nonJvmNativeMaxBytes());
        assertEquals(
                breakdown.nonJvmNativeMaxBytes() - breakdown.jvmMappedCommittedBytes(),
                breakdown.nonJvmNativeRemainderBytes());
        assertTrue(breakdown.derivation().stream().anyMatch(line -> line.contains("committed, not resident")));
    }

    @Test
    void breakdownWithoutNmtSaysWhatIsUnknown() {
        MemoryReport report = MemoryReporter.current();
        RssBreakdown breakdown = MemoryReporter.breakdown(
                new SmapsRollup(
                        report.process().rssBytes(),
                        report.process().pssBytes(),
                        0,
                        report.process().ussBytes(),
                        report.process().anonymousBytes(),
                        0),
                report.jvm(),
                NativeMemoryTracking.DISABLED);
        assertEquals(report.jvm().directBufferBytes(), breakdown.jvmMallocBytes());
        assertEquals(
                report.jvm().metaspaceCommittedBytes() + report.jvm().codeCacheCommittedBytes(),
                breakdown.jvmMappedCommittedBytes());
        assertEquals(0, breakdown.nonJvmNativeMinBytes());
        assertTrue(breakdown.derivation().stream().anyMatch(line -> line.startsWith("NMT is OFF")));
    }

    @Test
    void tablePutsTheJavaHeapRightUnderRss() {
        List<String> lines =
                MemoryReportTable.format(MemoryReporter.current()).lines().toList();
        int rss = indexOfLineStartingWith(lines, "  RSS: resident set size");
        assertTrue(lines.get(rss + 1).startsWith("  Java heap used (all a heap-only figure shows)"), lines::toString);
        assertTrue(lines.get(rss + 1).endsWith("of RSS"));
        assertTrue(lines.contains("Native Memory Tracking, committed (categories under 0.1 MiB left out)"));
    }

    @Test
    void jsonCarriesSchemaFiguresAndMethod() throws IOException {
        JsonNode json = new ObjectMapper().readTree(MemoryJson.write(MemoryReporter.current()));
        assertEquals(MemoryReport.SCHEMA, json.get("schema").asText());
        assertEquals(ProcFs.selfPid(), json.get("pid").asLong());
        for (String field : List.of(
                "rssBytes", "pssBytes", "ussBytes", "anonymousBytes", "fileBackedBytes", "swapBytes", "peakRssBytes")) {
            assertTrue(json.get("process").get(field).asLong() >= 0, field);
        }
        assertTrue(json.get("jvm").get("heapUsedBytes").asLong() > 0);
        assertTrue(json.get("nmt").get("enabled").asBoolean());
        assertEquals(
                "Java Heap",
                json.get("nmt").get("categories").get(0).get("name").asText());
        assertTrue(json.get("rssBreakdown").has("nonJvmNativeMaxBytes"));
        assertTrue(json.get("sources").size() >= 4);
        assertTrue(json.get("attribution").isArray());
    }

    @Test
    void summaryLineShowsHeapNextToRss() {
        String line = MemoryReporter.current().summaryLine();
        assertTrue(line.startsWith("RSS "), line);
        assertTrue(line.contains("Java heap used"), line);
        assertTrue(line.endsWith("NMT on"), line);
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "' in " + lines);
    }

    private static long psRssBytes(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(pid)).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, ps.waitFor(), "ps failed");
        return Long.parseLong(out) * 1024;
    }

    @Test
    void theHeapIsReadAgainUntilItHoldsStillAroundTheProcessReading() {
        Iterator<Long> heap = List.of(300 * Bytes.MIB, 200 * Bytes.MIB, 150 * Bytes.MIB, 150 * Bytes.MIB)
                .iterator();
        Iterator<String> process =
                List.of("during a give-back", "during the next", "after it").iterator();
        MemoryReporter.HeapAndProcess<String> reading =
                MemoryReporter.readTogether(() -> Optional.of(heap.next()), process::next);
        assertEquals(Optional.of(150 * Bytes.MIB), reading.heapResident());
        assertEquals("after it", reading.process());
    }

    @Test
    void aHeapThatHoldsStillTakesOneProcessReading() {
        AtomicInteger processReads = new AtomicInteger();
        MemoryReporter.HeapAndProcess<Integer> reading =
                MemoryReporter.readTogether(() -> Optional.of(150 * Bytes.MIB), processReads::incrementAndGet);
        assertEquals(Optional.of(150 * Bytes.MIB), reading.heapResident());
        assertEquals(1, processReads.get());
    }

    @Test
    void withTheHeapUnknownTheProcessIsReadOnce() {
        AtomicInteger processReads = new AtomicInteger();
        MemoryReporter.HeapAndProcess<Integer> reading =
                MemoryReporter.readTogether(Optional::empty, processReads::incrementAndGet);
        assertEquals(Optional.empty(), reading.heapResident());
        assertEquals(1, processReads.get());
    }

    @Test
    void aHeapThatNeverHoldsStillIsReadALimitedNumberOfTimes() {
        AtomicLong heap = new AtomicLong();
        AtomicInteger processReads = new AtomicInteger();
        MemoryReporter.readTogether(() -> Optional.of(heap.addAndGet(10 * Bytes.MIB)), processReads::incrementAndGet);
        assertEquals(MemoryReporter.MAX_READS_TOGETHER, processReads.get());
    }
}
