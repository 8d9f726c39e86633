package dev.polybridge.memory;

import java.util.Locale;

/** The human form of a {@link MemoryReport}: every figure named for what it is, the Java heap next to RSS. */
public final class MemoryReportTable {

    private static final long SHOWN_CATEGORY_MIN_BYTES = 100 * 1024;

    private MemoryReportTable() {}

    public static String format(MemoryReport report) {
        StringBuilder out = new StringBuilder();
        ProcessMemory process = report.process();
        JvmMemory jvm = report.jvm();
        RssBreakdown breakdown = report.rssBreakdown();
        out.append("Memory of process %d at %s%n".formatted(report.pid(), report.takenAt()));

        section(out, "Whole process, as Linux counts it");
        row(out, "RSS: resident set size", Bytes.mib(process.rssBytes()));
        row(
                out,
                "Java heap used (all a heap-only figure shows)",
                Bytes.mib(jvm.heapUsedBytes()),
                percentOf(jvm.heapUsedBytes(), process.rssBytes()) + " of RSS");
        row(out, "PSS: proportional set size (shared pages split)", Bytes.mib(process.pssBytes()));
        row(out, "USS: unique set size (private pages only)", Bytes.mib(process.ussBytes()));
        row(out, "anonymous resident", Bytes.mib(process.anonymousBytes()));
        row(out, "file-backed resident", Bytes.mib(process.fileBackedBytes()));
        row(out, "swapped out", Bytes.mib(process.swapBytes()));
        row(out, "peak RSS so far (VmHWM)", Bytes.mib(process.peakRssBytes()));

        section(out, "Where the RSS goes (derivation below)");
        row(out, "file-backed: libraries, JDK image, mapped files", Bytes.mib(breakdown.fileBackedBytes()));
        row(
                out,
                jvm.heapResidentBytes() != null
                        ? "Java heap, resident pages (measured)"
                        : "Java heap, committed (resident pages unknown)",
                Bytes.mib(breakdown.javaHeapResidentBytes()));
        String source = report.nmt().enabled() ? "NMT" : "MXBeans only, NMT off";
        row(out, "JVM malloc (%s)".formatted(source), Bytes.mib(breakdown.jvmMallocBytes()));
        row(
                out,
                "JVM mappings, committed (%s)".formatted(source),
                Bytes.mib(breakdown.jvmMappedCommittedBytes()),
                "resident: at most this");
        row(
                out,
                "non-JVM native memory (the remainder)",
                Bytes.mib(breakdown.nonJvmNativeMinBytes()) + " to " + Bytes.mib(breakdown.nonJvmNativeMaxBytes()));

        section(out, "JVM (MXBeans)");
        row(
                out,
                "Java heap used / committed / max",
                "%s / %s / %s"
                        .formatted(
                                Bytes.mib(jvm.heapUsedBytes()),
                                Bytes.mib(jvm.heapCommittedBytes()),
                                Bytes.mib(jvm.heapMaxBytes())));
        row(
                out,
                "metaspace used / committed",
                Bytes.mib(jvm.metaspaceUsedBytes()) + " / " + Bytes.mib(jvm.metaspaceCommittedBytes()));
        row(
                out,
                "code cache used / committed",
                Bytes.mib(jvm.codeCacheUsedBytes()) + " / " + Bytes.mib(jvm.codeCacheCommittedBytes()));
        row(out, "direct buffers", Bytes.mib(jvm.directBufferBytes()) + " in " + jvm.directBufferCount());
        row(out, "mapped buffers", Bytes.mib(jvm.mappedBufferBytes()));
        row(out, "platform threads", Integer.toString(jvm.threads()));

        if (report.nmt().enabled()) {
            section(out, "Native Memory Tracking, committed (categories under 0.1 MiB left out)");
            row(out, "total", Bytes.mib(report.nmt().totalCommittedBytes()));
            for (NativeMemoryTracking.Category category : report.nmt().categories()) {
                if (category.committedBytes() >= SHOWN_CATEGORY_MIN_BYTES) {
                    row(out, category.name(), Bytes.mib(category.committedBytes()));
                }
            }
        } else {
            section(out, "Native Memory Tracking is OFF: start the JVM with -XX:NativeMemoryTracking=summary");
        }

        if (!report.attribution().isEmpty()) {
            section(out, "Memory added by each phase (after - before)");
            out.append("  %-18s %11s %11s %11s %11s %11s %14s%n"
                    .formatted("phase", "RSS", "PSS", "USS", "heap used", "JVM native", "non-JVM native"));
            for (PhaseDelta phase : report.attribution()) {
                MemorySnapshot added = phase.added();
                out.append("  %-18s %11s %11s %11s %11s %11s %14s%n"
                        .formatted(
                                phase.phase(),
                                Bytes.mibDelta(added.rssBytes()),
                                Bytes.mibDelta(added.pssBytes()),
                                Bytes.mibDelta(added.ussBytes()),
                                Bytes.mibDelta(added.heapUsedBytes()),
                                Bytes.mibDelta(added.jvmNativeBytes()),
                                Bytes.mibDelta(added.nonJvmNativeBytes())));
            }
        }

        section(out, "Derivation");
        breakdown.derivation().forEach(line -> out.append("  - ").append(line).append(System.lineSeparator()));
        section(out, "Sources");
        report.sources().forEach(line -> out.append("  - ").append(line).append(System.lineSeparator()));
        return out.toString();
    }

    private static void section(StringBuilder out, String title) {
        out.append(System.lineSeparator()).append(title).append(System.lineSeparator());
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("  %-50s %22s%n".formatted(name, value));
    }

    private static void row(StringBuilder out, String name, String value, String note) {
        out.append("  %-50s %22s   %s%n".formatted(name, value, note));
    }

    private static String percentOf(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
