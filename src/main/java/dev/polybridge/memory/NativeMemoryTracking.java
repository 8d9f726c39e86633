package dev.polybridge.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's Native Memory Tracking summary ({@code jcmd <pid> VM.native_memory summary}): what HotSpot itself has
 * reserved and committed, by category. Committed means the JVM asked the OS for the memory. A mapping's pages take
 * RAM only once touched, so committed mappings are an upper bound of their resident part (committed Java heap is
 * often far from resident); malloc blocks are counted at their requested size and are resident once written.
 *
 * @param enabled             whether the JVM runs with -XX:NativeMemoryTracking=summary (or detail)
 * @param totalCommittedBytes mallocBytes + mappedCommittedBytes
 * @param mallocBytes         the JVM's live malloc blocks, arenas and NMT's own overhead included, at requested size
 * @param mappedCommittedBytes the JVM's committed mmap memory: Java heap, metaspace, code cache, GC structures,
 *                            thread stacks (NMT measures which stack pages are resident), the CDS archive
 * @param categories          in the JVM's order; empty when NMT is off
 */
public record NativeMemoryTracking(
        boolean enabled,
        long totalReservedBytes,
        long totalCommittedBytes,
        long mallocBytes,
        long mappedCommittedBytes,
        List<Category> categories) {

    /** One NMT category (Java Heap, Class, Thread, Code, GC, ...), committed and reserved. */
    public record Category(String name, long reservedBytes, long committedBytes) {}

    public static final String JAVA_HEAP = "Java Heap";
    /** The CDS archive: a mapping of the file lib/server/classes.jsa, so its resident pages count as file-backed. */
    public static final String SHARED_CLASS_SPACE = "Shared class space";

    public static final NativeMemoryTracking DISABLED = new NativeMemoryTracking(false, 0, 0, 0, 0, List.of());

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern MALLOC = Pattern.compile("^\\s+malloc: (\\d+)KB");
    private static final Pattern MAPPED = Pattern.compile("^\\s+mmap:\\s+reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB");

    public long committedBytes(String category) {
        return categories.stream()
                .filter(c -> c.name.equals(category))
                .mapToLong(Category::committedBytes)
                .sum();
    }

    /** Parses the output of {@code VM.native_memory summary scale=KB}. */
    public static NativeMemoryTracking parse(String summary) {
        if (summary.contains("Native memory tracking is not enabled")) {
            return DISABLED;
        }
        long reserved = -1;
        long committed = -1;
        long malloc = -1;
        long mapped = -1;
        List<Category> categories = new ArrayList<>();
        for (String line : summary.split("\n")) {
            Matcher total = TOTAL.matcher(line);
            Matcher category = CATEGORY.matcher(line);
            if (total.find()) {
                reserved = kib(total.group(1));
                committed = kib(total.group(2));
            } else if (category.find()) {
                categories.add(new Category(category.group(1), kib(category.group(2)), kib(category.group(3))));
            } else if (categories.isEmpty()) {
                // Before the first category, the malloc and mmap lines belong to the total.
                Matcher mallocLine = MALLOC.matcher(line);
                Matcher mappedLine = MAPPED.matcher(line);
                if (mallocLine.find()) {
                    malloc = kib(mallocLine.group(1));
                } else if (mappedLine.find()) {
                    mapped = kib(mappedLine.group(2));
                }
            }
        }
        if (reserved < 0 || malloc < 0 || mapped < 0) {
            throw new IllegalArgumentException("no Total, malloc and mmap lines in the NMT summary: " + summary);
        }
        return new NativeMemoryTracking(true, reserved, committed, malloc, mapped, List.copyOf(categories));
    }

    private static long kib(String digits) {
        return Long.parseLong(digits) * 1024;
    }
}
