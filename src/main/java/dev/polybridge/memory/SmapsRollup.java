package dev.polybridge.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * One process's memory as the kernel counts it by walking its page tables ({@code /proc/<pid>/smaps_rollup}).
 * All figures are bytes.
 *
 * @param rss          resident set size: every resident page mapped by the process, shared or not
 * @param pss          proportional set size: each resident page divided by the number of processes mapping it
 * @param privateClean resident pages only this process maps, unmodified since they were read from their file
 * @param privateDirty resident pages only this process maps, written by it (heap, stacks, copied-on-write pages)
 * @param anonymous    resident pages not backed by a file (malloc, Java heap, stacks, copied-on-write pages)
 * @param swap         pages swapped out
 */
public record SmapsRollup(long rss, long pss, long privateClean, long privateDirty, long anonymous, long swap) {

    public static final SmapsRollup EMPTY = new SmapsRollup(0, 0, 0, 0, 0, 0);

    /** Unique set size: the memory the process alone holds, what the system would get back if it exited. */
    public long uss() {
        return privateClean + privateDirty;
    }

    /** Resident pages backed by a file or shared memory: code of libraries and executables, mapped files. */
    public long fileBacked() {
        return rss - anonymous;
    }

    /** Parses the text of a smaps_rollup file; a missing field counts as zero (an exited process has none). */
    public static SmapsRollup parse(String text) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !line.endsWith(" kB")) {
                continue;
            }
            String value = line.substring(colon + 1, line.length() - 3).strip();
            kib.put(line.substring(0, colon), Long.parseLong(value));
        }
        return new SmapsRollup(
                bytes(kib, "Rss"),
                bytes(kib, "Pss"),
                bytes(kib, "Private_Clean"),
                bytes(kib, "Private_Dirty"),
                bytes(kib, "Anonymous"),
                bytes(kib, "Swap"));
    }

    private static long bytes(Map<String, Long> kib, String key) {
        return kib.getOrDefault(key, 0L) * 1024;
    }
}
