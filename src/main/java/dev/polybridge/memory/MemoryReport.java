package dev.polybridge.memory;

import java.util.List;

/**
 * This process's memory, Linux's accounting first and the JVM's view beside it, so that a heap-only figure can
 * never pass for the process's footprint. Serialised as JSON with {@link MemoryJson}; {@code docs/memory.md}
 * documents the shape ({@link #SCHEMA}).
 *
 * @param takenAt     ISO-8601 UTC instant
 * @param sources     how each group of figures was obtained
 * @param attribution memory added by the phases recorded with a {@link MemoryAttribution}
 */
public record MemoryReport(
        String schema,
        String takenAt,
        long pid,
        ProcessMemory process,
        JvmMemory jvm,
        NativeMemoryTracking nmt,
        RssBreakdown rssBreakdown,
        List<String> sources,
        List<PhaseDelta> attribution) {

    public static final String SCHEMA = "polybridge.memory-report/1";

    /** One line for summaries (the classify summary, logs): RSS with the Java heap next to it. */
    public String summaryLine() {
        return "RSS %s (PSS %s, USS %s); Java heap used %s of %s committed; non-JVM native %s to %s; NMT %s"
                .formatted(
                        Bytes.mib(process.rssBytes()),
                        Bytes.mib(process.pssBytes()),
                        Bytes.mib(process.ussBytes()),
                        Bytes.mib(jvm.heapUsedBytes()),
                        Bytes.mib(jvm.heapCommittedBytes()),
                        Bytes.mib(rssBreakdown.nonJvmNativeMinBytes()),
                        Bytes.mib(rssBreakdown.nonJvmNativeMaxBytes()),
                        nmt.enabled() ? "on" : "off");
    }
}
