package dev.polybridge.spark;

import dev.polybridge.memory.Bytes;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One executor's polybridge as of the end of one of its tasks; the driver keeps the latest per executor.
 *
 * @param bridgesBuilt         polybridges (GraalPy contexts) this executor JVM has built
 * @param tasks                partitions it has classified
 * @param failedBatches        batches the classifier failed whole, retried text by text
 * @param peakPssBytes         the process's peak PSS since its polybridge was built, sampled (dev.polybridge.memory)
 * @param peakRssBytes         the process's peak RSS over its whole life (VmHWM)
 * @param phases               what building the polybridge added: the Python context's share, the model's
 * @param startupSeconds       from the first task asking for it to the polybridge being ready
 * @param readyAtUptimeSeconds the JVM's uptime when it was ready: executor start-up included
 */
public record ExecutorReport(
        String executorId,
        long pid,
        int bridgesBuilt,
        long tasks,
        long rows,
        long failedBatches,
        long peakPssBytes,
        long peakRssBytes,
        List<PhaseShare> phases,
        double startupSeconds,
        double readyAtUptimeSeconds,
        String classifier)
        implements Serializable {

    /** Memory one loading phase added to the executor process. */
    public record PhaseShare(String phase, long pssBytes, long rssBytes) implements Serializable {}

    /** The report with more tasks behind it is the later one of the same executor. */
    boolean isLaterThan(ExecutorReport other) {
        return tasks > other.tasks || (tasks == other.tasks && peakPssBytes > other.peakPssBytes);
    }

    String line() {
        String shares = phases.stream()
                .map(p -> "%s %s".formatted(p.phase(), Bytes.mibDelta(p.pssBytes())))
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "executor %s (pid %d): %d polybridge(s) built, %d task(s), %d rows, "
                        + "%d failed batch(es); ready in %.1f s (JVM up %.1f s); peak PSS %s, peak RSS %s; PSS added by %s",
                executorId,
                pid,
                bridgesBuilt,
                tasks,
                rows,
                failedBatches,
                startupSeconds,
                readyAtUptimeSeconds,
                Bytes.mib(peakPssBytes),
                Bytes.mib(peakRssBytes),
                shares);
    }
}
