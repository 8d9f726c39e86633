package dev.polybridge.memory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples this process's own smaps_rollup in the background to find its peak PSS and USS over a run (the kernel
 * keeps only the peak RSS, VmHWM). Reading smaps_rollup walks the page tables, a cost that grows with the resident
 * memory (docs/memory.md, "Peak over a run"), so in-process sampling uses a slow interval; every result says which,
 * and what the sampling cost.
 * <pre>{@code
 * try (PeakMemorySampler sampler = PeakMemorySampler.start(PeakMemorySampler.DEFAULT_INTERVAL)) {
 *     run();
 *     PeakMemory peak = sampler.peak();
 * }
 * }</pre>
 */
public final class PeakMemorySampler implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /**
     * Peaks over the run. Bytes.
     *
     * @param peakRssBytes      the kernel's exact high-water mark (VmHWM) for the whole life of the process
     * @param peakPssBytes      the largest PSS sampled
     * @param peakUssBytes      the largest USS sampled
     * @param samplerCpuSeconds CPU time the sampling took (the kernel's page-table walks, mostly)
     * @param source            how the figures were obtained, in words
     */
    public record PeakMemory(
            long peakRssBytes,
            long peakPssBytes,
            long peakUssBytes,
            int samples,
            double intervalSeconds,
            double samplerCpuSeconds,
            String source) {}

    private final long pid = ProcFs.selfPid();
    private final Duration interval;
    private final Thread thread;
    private volatile boolean stopped;
    private long peakPss;
    private long peakUss;
    private int samples;
    private long cpuNanos;

    private PeakMemorySampler(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sampling interval must be positive, got " + interval);
        }
        this.interval = interval;
        sample();
        thread = Thread.ofPlatform().name("peak-memory-sampler").daemon().start(this::sampleUntilClosed);
    }

    public static PeakMemorySampler start(Duration interval) {
        return new PeakMemorySampler(interval);
    }

    /** The peaks so far, this moment included. */
    public synchronized PeakMemory peak() {
        sample();
        long peakRss = ProcFs.statusBytes(pid, "VmHWM").orElse(0L);
        return new PeakMemory(
                peakRss,
                peakPss,
                peakUss,
                samples,
                interval.toNanos() / 1e9,
                cpuNanos / 1e9,
                "peak RSS: VmHWM of /proc/self/status (exact); peak PSS and USS: /proc/self/smaps_rollup sampled "
                        + "every %d ms and when the peak was asked for".formatted(interval.toMillis()));
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    private void sampleUntilClosed() {
        while (!stopped) {
            LockSupport.parkNanos(interval.toNanos());
            if (!stopped) {
                sample();
            }
        }
    }

    private synchronized void sample() {
        long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        ProcFs.smapsRollup(pid).ifPresent(rollup -> {
            peakPss = Math.max(peakPss, rollup.pss());
            peakUss = Math.max(peakUss, rollup.uss());
            samples++;
        });
        cpuNanos += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
    }
}
