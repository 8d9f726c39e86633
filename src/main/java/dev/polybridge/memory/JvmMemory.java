package dev.polybridge.memory;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * The JVM's own view of its memory, from the platform MXBeans. Bytes.
 *
 * @param heapResidentBytes the Java heap's pages actually in RAM (from /proc/self/smaps over the heap's address
 *                          range); null when the collector does not say where the heap is (ZGC, Shenandoah)
 * @param directBufferBytes memory of live direct ByteBuffers (outside the Java heap)
 * @param mappedBufferBytes memory of live mapped ByteBuffers (file-backed)
 * @param threads           live platform threads (virtual threads have no stack of their own while unmounted)
 */
public record JvmMemory(
        long heapUsedBytes,
        long heapCommittedBytes,
        long heapMaxBytes,
        Long heapResidentBytes,
        long metaspaceUsedBytes,
        long metaspaceCommittedBytes,
        long codeCacheUsedBytes,
        long codeCacheCommittedBytes,
        long directBufferBytes,
        long directBufferCount,
        long mappedBufferBytes,
        int threads) {

    static JvmMemory current(Long heapResidentBytes) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long metaspaceUsed = 0;
        long metaspaceCommitted = 0;
        long codeUsed = 0;
        long codeCommitted = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.NON_HEAP) {
                continue;
            }
            MemoryUsage usage = pool.getUsage();
            // "Metaspace" already includes "Compressed Class Space"; the code cache is split into CodeHeap pools.
            if (pool.getName().equals("Metaspace")) {
                metaspaceUsed = usage.getUsed();
                metaspaceCommitted = usage.getCommitted();
            } else if (pool.getName().startsWith("CodeHeap") || pool.getName().equals("CodeCache")) {
                codeUsed += usage.getUsed();
                codeCommitted += usage.getCommitted();
            }
        }
        long direct = 0;
        long directCount = 0;
        long mapped = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
                directCount = pool.getCount();
            } else if (pool.getName().startsWith("mapped")) {
                mapped += pool.getMemoryUsed();
            }
        }
        return new JvmMemory(
                heap.getUsed(),
                heap.getCommitted(),
                heap.getMax(),
                heapResidentBytes,
                metaspaceUsed,
                metaspaceCommitted,
                codeUsed,
                codeCommitted,
                direct,
                directCount,
                mapped,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
