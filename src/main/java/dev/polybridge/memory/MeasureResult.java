package dev.polybridge.memory;

import java.util.List;

/**
 * What {@link ProcessTreeMeter} measured about a command and its whole process tree. Bytes and seconds.
 * Serialised with {@link MemoryJson}; {@code docs/memory.md} documents the shape ({@link #SCHEMA}).
 *
 * @param startedAt ISO-8601 UTC instant
 * @param samples   the tree at every sampling tick, in time order
 */
public record MeasureResult(
        String schema,
        List<String> command,
        String startedAt,
        ExitStatus exit,
        double wallSeconds,
        Cpu cpu,
        TreeMemory memory,
        Processes processes,
        Sampling sampling,
        List<Sample> samples) {

    public static final String SCHEMA = "polybridge.measure/1";

    /**
     * CPU time of the whole tree.
     *
     * @param totalSeconds        user + system: the kernel's accounting of the command and every descendant that
     *                            was waited for (exact to a clock tick), plus orphaned descendants as last sampled
     * @param utilisation         totalSeconds / wall time: 1.0 means one core busy for the whole run
     * @param orphanedSeconds     the part from descendants re-parented out of the tree (included in the total)
     * @param sampledTotalSeconds the largest total the samples saw: a cross-check, lower than the total by up to one
     *                            sampling interval of work per process
     */
    public record Cpu(
            double userSeconds,
            double systemSeconds,
            double totalSeconds,
            double utilisation,
            double orphanedSeconds,
            double sampledTotalSeconds) {}

    /**
     * Memory of the tree over the run.
     *
     * @param peakPssBytes     the largest PSS summed over the tree at one tick: the fair total
     * @param meanPssBytes     time-weighted mean of the tree's PSS
     * @param peakRssBytes     the largest RSS summed over the tree at one tick: counts a shared page once per process
     * @param peakUssBytes     the largest USS summed over the tree at one tick: pages no other process maps
     * @param rootPeakPssBytes the command's first process alone, its peak PSS
     * @param rootPeakRssBytes the command's first process alone, its peak RSS
     */
    public record TreeMemory(
            long peakPssBytes,
            long meanPssBytes,
            long peakRssBytes,
            long peakUssBytes,
            long rootPeakPssBytes,
            long rootPeakRssBytes) {}

    /**
     * @param seen           distinct processes seen in the tree
     * @param peakConcurrent the most processes alive in the tree at one tick
     * @param leftRunning    processes of the tree still running after the command's first process exited
     */
    public record Processes(int seen, int peakConcurrent, int leftRunning) {}

    /** @param samplerCpuSeconds CPU time the sampling thread itself used (the meter's own cost) */
    public record Sampling(double intervalSeconds, int samples, double samplerCpuSeconds, List<String> method) {}

    /** @param atSeconds time since the command was started */
    public record Sample(
            double atSeconds,
            int processes,
            long pssBytes,
            long rssBytes,
            long ussBytes,
            long rootPssBytes,
            long rootRssBytes) {}
}
