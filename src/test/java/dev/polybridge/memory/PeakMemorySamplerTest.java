package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeakMemorySamplerTest {

    private static final long SIZE = 120 * Bytes.MIB;

    @Test
    void peakKeepsMemoryThatWasFreedSince() {
        try (PeakMemorySampler sampler = PeakMemorySampler.start(Duration.ofMillis(20))) {
            long baseline = sampler.peak().peakPssBytes();
            try (NativeBlock ignored = new NativeBlock(SIZE)) {
                assertTrue(sampler.peak().peakPssBytes() >= baseline + SIZE - 10 * Bytes.MIB);
            }
            PeakMemorySampler.PeakMemory peak = sampler.peak();
            assertTrue(peak.peakPssBytes() >= baseline + SIZE - 10 * Bytes.MIB, peak::toString);
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
