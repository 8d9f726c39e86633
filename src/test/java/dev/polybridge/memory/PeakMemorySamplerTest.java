package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeakMemorySamplerTest {

    private static final long SIZE = 200 * Bytes.MIB;

    /**
     * Compares the peak with what the process holds after the block is freed, a reading moments apart: the rest of
     * the process (heap, code, shared libraries whose PSS falls as other processes map them) may move by tens of
     * MiB on a busy machine, so the margin is half the block.
     */
    @Test
    void peakKeepsMemoryThatWasFreedSince() {
        try (PeakMemorySampler sampler = PeakMemorySampler.start(Duration.ofMillis(20))) {
            try (NativeBlock ignored = new NativeBlock(SIZE)) {
                sampler.peak();
            }
            long afterFree = ProcFs.smapsRollup(ProcFs.selfPid()).orElseThrow().pss();
            PeakMemorySampler.PeakMemory peak = sampler.peak();
            assertTrue(peak.peakPssBytes() >= afterFree + SIZE / 2, () -> "after free " + afterFree + ", " + peak);
            assertTrue(peak.peakUssBytes() <= peak.peakPssBytes(), peak::toString);
            assertTrue(peak.peakRssBytes() >= peak.peakPssBytes(), "VmHWM is at least any sampled PSS");
            assertTrue(peak.samples() >= 3 && peak.samplerCpuSeconds() >= 0, peak::toString);
            assertTrue(peak.source().contains("every 20 ms"), peak.source());
        }
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> PeakMemorySampler.start(Duration.ZERO));
    }
}
