package dev.polybridge.memory;

import java.util.List;

/**
 * Where the resident memory goes. Bytes. Linux says how much is resident; NMT says what the JVM committed, not what
 * of it is resident, so the native memory the JVM does not account for is known as a range: see {@code derivation}.
 *
 * @param fileBackedBytes         resident pages of files: shared libraries, the JDK module image, mapped files
 * @param javaHeapResidentBytes   resident pages of the Java heap, measured (committed but untouched heap takes no RAM)
 * @param jvmMallocBytes          the JVM's malloc blocks (NMT): arenas of the JIT, symbols, GC and thread data,
 *                                direct buffers and FFM/Unsafe allocations; with NMT off only direct buffers
 * @param jvmMappedCommittedBytes the JVM's committed mappings other than the heap and the CDS archive (NMT):
 *                                metaspace, class space, code cache, GC structures, thread stacks; an upper bound
 *                                of their resident part. With NMT off only metaspace and code cache (MXBeans)
 * @param nonJvmNativeMinBytes    non-JVM native memory if all of jvmMappedCommittedBytes is resident (not below 0)
 * @param nonJvmNativeMaxBytes    non-JVM native memory if none of it is: anonymous - Java heap resident - JVM malloc
 * @param derivation              how each part was obtained, in words, with the known errors
 */
public record RssBreakdown(
        long fileBackedBytes,
        long javaHeapResidentBytes,
        long jvmMallocBytes,
        long jvmMappedCommittedBytes,
        long nonJvmNativeMinBytes,
        long nonJvmNativeMaxBytes,
        List<String> derivation) {

    /**
     * Anonymous memory minus everything the JVM accounts for, taking its committed mappings as resident. Negative
     * when they are not all resident; its change between two reports is the best estimate of the native memory
     * that a step added outside the JVM's accounting.
     */
    public long nonJvmNativeRemainderBytes() {
        return nonJvmNativeMaxBytes - jvmMappedCommittedBytes;
    }
}
