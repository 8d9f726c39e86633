package dev.polybridge.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds this process's {@link MemoryReport}. */
public final class MemoryReporter {

    private MemoryReporter() {}

    /** The report now, without phases. */
    public static MemoryReport current() {
        return build(List.of());
    }

    /** The report now, with {@code attribution}: the phases a {@link MemoryAttribution} recorded. */
    public static MemoryReport current(List<PhaseDelta> attribution) {
        return build(attribution);
    }

    private static MemoryReport build(List<PhaseDelta> attribution) {
        long pid = ProcFs.selfPid();
        NmtReading nmt = readNativeMemoryTracking();
        Optional<DiagnosticCommands.HeapRange> heapRange = readHeapRange();
        HeapAndProcess<SmapsRollup> reading = readTogether(
                () -> heapRange.flatMap(range -> ProcFs.residentBytesInRange(pid, range.start(), range.end())),
                () -> ProcFs.smapsRollup(pid)
                        .orElseThrow(() -> new IllegalStateException("/proc/self/smaps_rollup is not readable: the "
                                + "memory report needs Linux 4.14 or later")));
        Long heapResident = reading.heapResident().orElse(null);
        SmapsRollup rollup = reading.process();
        long peakRss = ProcFs.statusBytes(pid, "VmHWM").orElse(rollup.rss());
        JvmMemory jvm = JvmMemory.current(heapResident);

        List<String> sources = List.of(
                "process: /proc/self/smaps_rollup (the kernel's walk of this process's page tables); "
                        + "peak RSS: VmHWM in /proc/self/status",
                "JVM: MemoryMXBean (Java heap), MemoryPoolMXBeans (metaspace, code cache), "
                        + "BufferPoolMXBeans (direct and mapped buffers)",
                heapRange
                        .map(range -> ("Java heap resident: Rss of the mappings in the heap's reserved range "
                                        + "[0x%x, 0x%x) (GC.heap_info) in /proc/self/smaps")
                                .formatted(range.start(), range.end()))
                        .orElse("Java heap resident: unknown, the collector does not report the heap's address range"),
                nmt.source());
        return new MemoryReport(
                MemoryReport.SCHEMA,
                Instant.now().toString(),
                pid,
                ProcessMemory.of(rollup, peakRss),
                jvm,
                nmt.summary(),
                breakdown(rollup, jvm, nmt.summary()),
                sources,
                attribution);
    }

    static final int MAX_READS_TOGETHER = 5;
    static final long HEAP_READINGS_AGREE = Bytes.MIB;

    record HeapAndProcess<P>(Optional<Long> heapResident, P process) {}

    /**
     * The heap's resident bytes and the process's figures, read so that they agree. After a collection G1 gives
     * regions back to the OS from a background thread; a heap reading from before a give-back beside a process reading
     * from after it would count the released pages as native memory outside the heap. So the heap is read on both
     * sides of the process reading until two heap readings in a row agree: at most {@link #MAX_READS_TOGETHER} process
     * readings, each a pass over /proc/self/smaps_rollup, and one heap reading more, each a pass over /proc/self/smaps.
     */
    static <P> HeapAndProcess<P> readTogether(Supplier<Optional<Long>> heapResident, Supplier<P> process) {
        Optional<Long> heapBefore = heapResident.get();
        for (int read = 1; ; read++) {
            P processReading = process.get();
            Optional<Long> heapAfter = heapResident.get();
            if (read == MAX_READS_TOGETHER || agree(heapBefore, heapAfter)) {
                return new HeapAndProcess<>(heapAfter, processReading);
            }
            heapBefore = heapAfter;
        }
    }

    private static boolean agree(Optional<Long> before, Optional<Long> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return before.isEmpty() && after.isEmpty();
        }
        return Math.abs(before.get() - after.get()) <= HEAP_READINGS_AGREE;
    }

    private record NmtReading(NativeMemoryTracking summary, String source) {}

    /** A JVM without the DiagnosticCommand MBean (not HotSpot) still gets a report, without NMT. */
    private static NmtReading readNativeMemoryTracking() {
        try {
            NativeMemoryTracking nmt = DiagnosticCommands.nativeMemory();
            return new NmtReading(
                    nmt,
                    nmt.enabled()
                            ? "NMT: VM.native_memory summary through the DiagnosticCommand MBean"
                            : "NMT: off (the JVM was started without -XX:NativeMemoryTracking=summary)");
        } catch (IllegalStateException e) {
            return new NmtReading(NativeMemoryTracking.DISABLED, "NMT: could not be read (" + e.getMessage() + ")");
        }
    }

    private static Optional<DiagnosticCommands.HeapRange> readHeapRange() {
        try {
            return DiagnosticCommands.heapRange();
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    static RssBreakdown breakdown(SmapsRollup rollup, JvmMemory jvm, NativeMemoryTracking nmt) {
        List<String> derivation = new ArrayList<>();
        derivation.add("file-backed = Rss - Anonymous (smaps_rollup): shared libraries, the JDK module image, "
                + "the CDS archive, mapped files. The rest of RSS is anonymous memory, split below.");
        long heapResident;
        if (jvm.heapResidentBytes() != null) {
            heapResident = jvm.heapResidentBytes();
            derivation.add("Java heap resident: the resident pages of the heap's address range, measured. Heap "
                    + "that is committed but was never touched takes no RAM and is not counted.");
        } else {
            heapResident = Math.min(jvm.heapCommittedBytes(), rollup.anonymous());
            derivation.add("Java heap resident: taken as heap committed (the heap's address range is unknown), "
                    + "an over-estimate when committed heap was never touched.");
        }
        long malloc;
        long mappedCommitted;
        if (nmt.enabled()) {
            malloc = nmt.mallocBytes();
            mappedCommitted = nmt.mappedCommittedBytes()
                    - nmt.committedBytes(NativeMemoryTracking.JAVA_HEAP)
                    - nmt.committedBytes(NativeMemoryTracking.SHARED_CLASS_SPACE);
            derivation.add("JVM malloc: NMT's malloc total (arenas and NMT's own overhead included), at requested "
                    + "size; direct buffers and FFM/Unsafe allocations are here (NMT category Other). glibc's "
                    + "per-block overhead and the freed memory it keeps are not: they are malloc slack, non-JVM.");
            derivation.add("JVM mappings: NMT's mmap committed minus the Java Heap and the Shared class space (the "
                    + "CDS archive maps a file: file-backed). NMT counts committed, not resident: G1's mark stack "
                    + "(32 MiB from start-up) and its bitmap and tables for the committed heap are mostly untouched "
                    + "in a short run.");
        } else {
            malloc = jvm.directBufferBytes();
            mappedCommitted = jvm.metaspaceCommittedBytes() + jvm.codeCacheCommittedBytes();
            derivation.add("NMT is OFF: JVM malloc = direct buffers only, JVM mappings = metaspace + code cache "
                    + "committed (MXBeans). GC structures, thread stacks, JIT arenas and the JVM's other malloc "
                    + "blocks are unknown and fall into non-JVM native, whose range is then only an upper bound.");
        }
        long nonJvmMax = rollup.anonymous() - heapResident - malloc;
        long nonJvmMin = nmt.enabled() ? Math.max(0, nonJvmMax - mappedCommitted) : 0;
        derivation.add("non-JVM native = Anonymous - Java heap resident - JVM malloc - the resident part of the JVM "
                + "mappings, which lies between 0 and their committed size: hence a range. It is the memory native "
                + "libraries allocate themselves (ONNX Runtime's arena and model, GraalPy's native parts) and "
                + "malloc slack. Phase attribution reports how a step changed Anonymous - heap resident - JVM "
                + "malloc - JVM mappings committed.");
        return new RssBreakdown(
                rollup.fileBacked(),
                heapResident,
                malloc,
                mappedCommitted,
                nonJvmMin,
                nonJvmMax,
                List.copyOf(derivation));
    }
}
