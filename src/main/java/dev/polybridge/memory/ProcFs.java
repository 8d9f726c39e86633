package dev.polybridge.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads Linux's per-process accounting under /proc. Another process may exit mid-read: those reads give empty. */
public final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    public static long selfPid() {
        return ProcessHandle.current().pid();
    }

    public static Optional<SmapsRollup> smapsRollup(long pid) {
        return read(PROC.resolve(pid + "/smaps_rollup")).map(SmapsRollup::parse);
    }

    public static Optional<ProcStat> stat(long pid) {
        return read(PROC.resolve(pid + "/stat")).map(ProcStat::parse);
    }

    /** A {@code kB} field of /proc/<pid>/status (VmHWM, VmRSS, ...), in bytes. */
    public static Optional<Long> statusBytes(long pid, String field) {
        return read(PROC.resolve(pid + "/status"))
                .flatMap(text -> text.lines()
                        .filter(line -> line.startsWith(field + ":"))
                        .map(line -> Long.parseLong(line.substring(field.length() + 1)
                                        .replace("kB", "")
                                        .strip())
                                * 1024)
                        .findFirst());
    }

    /**
     * Seconds since this process was started (forked, so a launcher script that execs the JVM counts), to 10 ms:
     * the kernel's uptime less the process's start time, both on the boot clock. A JVM's own start time
     * ({@code RuntimeMXBean}) leaves out the launcher, and {@code ProcessHandle}'s start instant is only as exact as
     * the boot time's whole second.
     */
    public static double secondsSinceStart() {
        double uptime = read(PROC.resolve("uptime"))
                .map(text -> Double.parseDouble(text.strip().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalStateException("cannot read /proc/uptime"));
        long startTicks = stat(selfPid())
                .orElseThrow(() -> new IllegalStateException("cannot read /proc/self/stat"))
                .startTime();
        return uptime - (double) startTicks / ProcStat.TICKS_PER_SECOND;
    }

    /** The pids of every process visible in /proc right now. */
    public static List<Long> allPids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return pids;
    }

    /**
     * Resident bytes of the mappings of {@code pid} inside [start, end), from /proc/<pid>/smaps. A mapping that only
     * partly overlaps the range (the kernel merges neighbouring mappings with equal flags) counts in proportion to the
     * overlap.
     */
    public static Optional<Long> residentBytesInRange(long pid, long start, long end) {
        Path smaps = PROC.resolve(pid + "/smaps");
        try (BufferedReader reader = Files.newBufferedReader(smaps, StandardCharsets.ISO_8859_1)) {
            long resident = 0;
            double overlapShare = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (isMappingHeader(line)) {
                    overlapShare = overlapShare(line, start, end);
                } else if (overlapShare > 0 && line.startsWith("Rss:")) {
                    long rss =
                            Long.parseLong(line.substring(4, line.length() - 3).strip()) * 1024;
                    resident += Math.round(rss * overlapShare);
                }
            }
            return Optional.of(resident);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isMappingHeader(String line) {
        // Mapping headers start with a lower-case hex address; field lines ("Rss:", "Pss:") with an upper-case letter.
        char first = line.isEmpty() ? ' ' : line.charAt(0);
        return (first >= '0' && first <= '9') || (first >= 'a' && first <= 'f');
    }

    private static double overlapShare(String header, long start, long end) {
        int dash = header.indexOf('-');
        int space = header.indexOf(' ', dash);
        long mapStart = Long.parseUnsignedLong(header.substring(0, dash), 16);
        long mapEnd = Long.parseUnsignedLong(header.substring(dash + 1, space), 16);
        long overlap = Math.min(mapEnd, end) - Math.max(mapStart, start);
        return overlap <= 0 ? 0 : (double) overlap / (mapEnd - mapStart);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // The process exited (ENOENT/ESRCH) or is not ours to read: nothing to count.
            return Optional.empty();
        }
    }
}
