package dev.polybridge.bench;

import java.util.SortedMap;

/**
 * Whether a memory-scan run may go ahead: its projected peak PSS must fit in MemAvailable less a margin, so that
 * the scan never drives the machine out of memory. Projections come from the counts already measured, smallest
 * first.
 */
final class MemoryBudget {

    /** What is assumed per process before any multiprocessing run was measured: a full DistilBERT-base pipeline. */
    static final long PRIOR_BYTES_PER_PROCESS = 1L << 30;

    /** How memory is expected to grow with workers. */
    enum Growth {
        /** One process per worker, each with its own model: proportional to the count (conservative). */
        PER_PROCESS,
        /** Workers share one process and model: the measured trend, never below the last measurement. */
        SHARED
    }

    private final long marginBytes;

    MemoryBudget(long marginBytes) {
        this.marginBytes = marginBytes;
    }

    /**
     * @param measured peak PSS bytes by worker count, of the counts run so far
     */
    static long projectedBytes(Growth growth, SortedMap<Integer, Long> measured, int workers) {
        if (measured.isEmpty()) {
            return growth == Growth.PER_PROCESS ? workers * PRIOR_BYTES_PER_PROCESS : 0;
        }
        int lastWorkers = measured.lastKey();
        long last = measured.get(lastWorkers);
        if (growth == Growth.PER_PROCESS) {
            return Math.round((double) last / lastWorkers * workers);
        }
        SortedMap<Integer, Long> before = measured.headMap(lastWorkers);
        if (before.isEmpty() || workers <= lastWorkers) return last;
        int previousWorkers = before.lastKey();
        double slope = Math.max(0, (double) (last - before.get(previousWorkers)) / (lastWorkers - previousWorkers));
        return Math.round(last + slope * (workers - lastWorkers));
    }

    /** Null when the run fits; otherwise why it is not run. */
    String refusal(long projectedBytes, long memAvailableBytes) {
        if (projectedBytes <= memAvailableBytes - marginBytes) return null;
        return "not run: would need ~%.1f GiB, MemAvailable is %.1f GiB (margin %.1f GiB)"
                .formatted(gib(projectedBytes), gib(memAvailableBytes), gib(marginBytes));
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }
}
