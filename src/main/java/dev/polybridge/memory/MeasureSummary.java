package dev.polybridge.memory;

import java.util.Locale;

/** The human form of a {@link MeasureResult}, for a terminal. */
public final class MeasureSummary {

    private MeasureSummary() {}

    public static String format(MeasureResult result) {
        StringBuilder out = new StringBuilder();
        line(out, "command", String.join(" ", result.command()));
        line(out, "exit", result.exit().description());
        if (!result.exit().started()) {
            return out.toString();
        }
        MeasureResult.Cpu cpu = result.cpu();
        MeasureResult.TreeMemory memory = result.memory();
        MeasureResult.Processes processes = result.processes();
        line(out, "wall time", seconds(result.wallSeconds()));
        String orphaned = cpu.orphanedSeconds() > 0
                ? "; %s of it from re-parented descendants, as last sampled".formatted(seconds(cpu.orphanedSeconds()))
                : "";
        line(
                out,
                "CPU time",
                String.format(
                        Locale.ROOT,
                        "%s (user %s, system %s), utilisation %.2f cores%s",
                        seconds(cpu.totalSeconds()),
                        seconds(cpu.userSeconds()),
                        seconds(cpu.systemSeconds()),
                        cpu.utilisation(),
                        orphaned));
        if (result.samples().isEmpty()) {
            line(out, "memory", "none measured: the command ended before the first sample");
            return out.toString();
        }
        line(
                out,
                "processes",
                "%d seen, at most %d at once".formatted(processes.seen(), processes.peakConcurrent())
                        + (processes.leftRunning() > 0
                                ? ", %d STILL RUNNING after the command exited".formatted(processes.leftRunning())
                                : ""));
        line(
                out,
                "tree PSS",
                "peak %s, mean %s  (the fair total: shared pages split between processes)"
                        .formatted(Bytes.mib(memory.peakPssBytes()), Bytes.mib(memory.meanPssBytes())));
        line(
                out,
                "tree RSS",
                "peak %s  (summed: a page shared by n processes counts n times)"
                        .formatted(Bytes.mib(memory.peakRssBytes())));
        line(out, "tree USS", "peak %s  (pages no other process maps)".formatted(Bytes.mib(memory.peakUssBytes())));
        line(
                out,
                "first process",
                "peak PSS %s, peak RSS %s  (what measuring it alone would show)"
                        .formatted(Bytes.mib(memory.rootPeakPssBytes()), Bytes.mib(memory.rootPeakRssBytes())));
        line(
                out,
                "sampling",
                "%d samples every %s; the sampler used %s of CPU"
                        .formatted(
                                result.sampling().samples(),
                                seconds(result.sampling().intervalSeconds()),
                                seconds(result.sampling().samplerCpuSeconds())));
        return out.toString();
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append("%-14s %s%n".formatted(name, value));
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 1 ? "%.3f s" : "%.2f s", seconds);
    }
}
