package dev.polybridge.memory;

/**
 * The whole process as Linux accounts it: /proc/self/smaps_rollup (a walk of the page tables) and, for the peak,
 * VmHWM of /proc/self/status. Bytes.
 *
 * @param rssBytes        resident set size: all resident pages mapped, shared ones counted in full
 * @param pssBytes        proportional set size: each shared page divided by the processes sharing it
 * @param ussBytes        unique set size: private clean + private dirty pages
 * @param anonymousBytes  resident pages with no file behind them (Java heap, malloc, stacks)
 * @param fileBackedBytes resident pages of files and shared memory (libraries, the JDK image, mapped files)
 * @param peakRssBytes    the highest RSS of the process so far (VmHWM)
 */
public record ProcessMemory(
        long rssBytes,
        long pssBytes,
        long ussBytes,
        long anonymousBytes,
        long fileBackedBytes,
        long swapBytes,
        long peakRssBytes) {

    static ProcessMemory of(SmapsRollup rollup, long peakRssBytes) {
        return new ProcessMemory(
                rollup.rss(),
                rollup.pss(),
                rollup.uss(),
                rollup.anonymous(),
                rollup.fileBacked(),
                rollup.swap(),
                peakRssBytes);
    }
}
