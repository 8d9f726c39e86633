package dev.polybridge.memory;

/**
 * The figures attribution compares before and after a phase. Bytes.
 *
 * @param jvmNativeBytes    the JVM's malloc blocks and committed mappings outside the heap (NMT)
 * @param nonJvmNativeBytes anonymous memory minus heap resident minus jvmNativeBytes
 *                          ({@link RssBreakdown#nonJvmNativeRemainderBytes()}); meaningful as a change
 */
public record MemorySnapshot(
        long rssBytes,
        long pssBytes,
        long ussBytes,
        long anonymousBytes,
        long heapUsedBytes,
        long heapResidentBytes,
        long jvmNativeBytes,
        long nonJvmNativeBytes) {

    static MemorySnapshot of(MemoryReport report) {
        RssBreakdown breakdown = report.rssBreakdown();
        return new MemorySnapshot(
                report.process().rssBytes(),
                report.process().pssBytes(),
                report.process().ussBytes(),
                report.process().anonymousBytes(),
                report.jvm().heapUsedBytes(),
                breakdown.javaHeapResidentBytes(),
                breakdown.jvmMallocBytes() + breakdown.jvmMappedCommittedBytes(),
                breakdown.nonJvmNativeRemainderBytes());
    }

    /** The process's figures alone; the JVM's stay 0. */
    static MemorySnapshot ofProcess(SmapsRollup rollup) {
        ProcessMemory process = ProcessMemory.of(rollup, rollup.rss());
        return new MemorySnapshot(
                process.rssBytes(), process.pssBytes(), process.ussBytes(), process.anonymousBytes(), 0, 0, 0, 0);
    }

    MemorySnapshot minus(MemorySnapshot earlier) {
        return new MemorySnapshot(
                rssBytes - earlier.rssBytes,
                pssBytes - earlier.pssBytes,
                ussBytes - earlier.ussBytes,
                anonymousBytes - earlier.anonymousBytes,
                heapUsedBytes - earlier.heapUsedBytes,
                heapResidentBytes - earlier.heapResidentBytes,
                jvmNativeBytes - earlier.jvmNativeBytes,
                nonJvmNativeBytes - earlier.nonJvmNativeBytes);
    }
}
