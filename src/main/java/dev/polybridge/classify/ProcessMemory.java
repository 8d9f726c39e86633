package dev.polybridge.classify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole process's peak memory for the run summary: everything the OS counts, not the Java heap alone. */
public final class ProcessMemory {

    /**
     * @param peakRssBytes peak resident set size, or -1 when unknown
     * @param peakPssBytes peak proportional set size, or -1 when not measured
     * @param source       where the numbers come from
     */
    public record Peak(long peakRssBytes, long peakPssBytes, String source) {
    }

    private ProcessMemory() {
    }

    /**
     * The peak so far. For now VmHWM from /proc/self/status, the kernel's own RSS high-water mark;
     * switch this one method to dev.polybridge.memory.MemoryReport (sampled peak PSS) when it lands.
     */
    public static Peak peak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
                    return new Peak(kib * 1024, -1, "VmHWM from /proc/self/status; peak PSS not measured yet");
                }
            }
        } catch (IOException | NumberFormatException e) {
            return new Peak(-1, -1, "unknown: " + e.getMessage());
        }
        return new Peak(-1, -1, "unknown: /proc/self/status has no VmHWM");
    }
}
