package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MemoryAttributionTest {

    private static final long SIZE = 150 * Bytes.MIB;
    private static final long MOST_OF_IT = 130 * Bytes.MIB;
    private static final long NOISE = 20 * Bytes.MIB;
    /**
     * How far live heap moves during a phase by other threads' doing: in a full test run earlier tests' objects die
     * between the phase's two collections and compilations hold data (-22 MiB seen), so heap figures are told apart
     * from the 150 MiB block by this wider margin.
     */
    private static final long HEAP_DRIFT = 50 * Bytes.MIB;

    @Test
    void nativeBlockLoadedInAPhaseIsAttributedToIt() {
        withANativeBlockLoadedInAPhase(new MemoryAttribution(true), model -> {
            assertEquals("model", model.phase());
            MemorySnapshot added = model.added();
            // The phase's collections may shrink the heap meanwhile, which the whole-process figures include; outside
            // the heap they grew by the block.
            long heapChange = added.heapResidentBytes();
            assertTrue(added.rssBytes() - heapChange >= MOST_OF_IT, added::toString);
            assertTrue(added.pssBytes() - heapChange >= MOST_OF_IT, added::toString);
            assertTrue(added.ussBytes() - heapChange >= MOST_OF_IT, added::toString);
            assertTrue(added.nonJvmNativeBytes() >= MOST_OF_IT, added::toString);
            assertTrue(Math.abs(added.heapUsedBytes()) < HEAP_DRIFT, added::toString);
            assertEquals(model.after().rssBytes() - model.before().rssBytes(), added.rssBytes());
        });
    }

    @Test
    void withoutTheJvmsFiguresANativeBlockStillShowsInTheProcesssFigures() {
        withANativeBlockLoadedInAPhase(new MemoryAttribution(false), model -> {
            MemorySnapshot added = model.added();
            assertTrue(added.rssBytes() >= MOST_OF_IT, added::toString);
            assertTrue(added.pssBytes() >= MOST_OF_IT, added::toString);
            assertTrue(added.ussBytes() >= MOST_OF_IT, added::toString);
            assertTrue(added.anonymousBytes() >= MOST_OF_IT, added::toString);
            MemorySnapshot after = model.after();
            assertEquals(0, after.heapUsedBytes() + after.heapResidentBytes(), after::toString);
            assertEquals(0, after.jvmNativeBytes() + after.nonJvmNativeBytes(), after::toString);
        });
    }

    /** Runs {@code check} on the phase "model", in which a native block of {@link #SIZE} was loaded and still lives. */
    private static void withANativeBlockLoadedInAPhase(MemoryAttribution attribution, Consumer<PhaseDelta> check) {
        NativeBlock block;
        try (MemoryAttribution.Phase ignored = attribution.begin("model")) {
            block = new NativeBlock(SIZE);
        }
        try (block) {
            check.accept(attribution.phases().getFirst());
        }
    }

    @Test
    void heapDataLoadedInAPhaseIsAttributedToTheHeap() {
        MemoryAttribution attribution = new MemoryAttribution(true);
        byte[][] loaded = attribution.measure("python-context", () -> new byte[][] {loadedData()});
        MemorySnapshot added = attribution.phases().getFirst().added();
        assertTrue(added.heapUsedBytes() >= SIZE - HEAP_DRIFT, added::toString);
        assertTrue(attribution.phases().getFirst().after().heapResidentBytes() >= SIZE, added::toString);
        assertTrue(Math.abs(added.nonJvmNativeBytes()) < NOISE, added::toString);
        assertEquals(SIZE, loaded[0].length);
    }

    /**
     * Written, not just allocated: a new array can lie in heap pages that were never touched (CI saw RSS grow by
     * 0.3 MiB for a new 150 MiB array), and loaded data is written anyway.
     */
    private static byte[] loadedData() {
        byte[] data = new byte[(int) SIZE];
        Arrays.fill(data, (byte) 1);
        return data;
    }

    @Test
    void phasesAreKeptInOrderAndAFailedStepStillCounts() {
        MemoryAttribution attribution = new MemoryAttribution(false);
        assertEquals("context", attribution.measure("python-context", () -> "context"));
        IllegalStateException failure = new IllegalStateException("model file is corrupt");
        assertSame(
                failure,
                assertThrows(
                        IllegalStateException.class,
                        () -> attribution.measure("model", () -> {
                            throw failure;
                        })));
        assertEquals(
                List.of("python-context", "model"),
                attribution.phases().stream().map(PhaseDelta::phase).toList());
    }

    @Test
    void closingAPhaseTwiceRecordsItOnce() {
        MemoryAttribution attribution = new MemoryAttribution(false);
        MemoryAttribution.Phase phase = attribution.begin("twice");
        phase.close();
        phase.close();
        assertEquals(1, attribution.phases().size());
    }

    @Test
    void theReportCarriesTheAttributionsPhases() {
        MemoryAttribution attribution = new MemoryAttribution(false);
        attribution.measure("report-test", () -> null);
        MemoryReport report = MemoryReporter.current(attribution.phases());
        assertTrue(report.attribution().stream().anyMatch(phase -> phase.phase().equals("report-test")));
        assertTrue(MemoryReportTable.format(report).contains("Memory added by each phase"));
    }
}
