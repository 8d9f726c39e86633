package dev.polybridge.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** 200 MiB outside the Java heap shows in RSS and not in the heap; the report says which part of the JVM holds it. */
class OffHeapAllocationTest {

    private static final int SIZE = 200 * (int) Bytes.MIB;
    private static final long MOST_OF_IT = 180 * Bytes.MIB;
    private static final long NOISE = 20 * Bytes.MIB;

    @Test
    void directBufferIsInRssAndNmtButNotInTheHeap() {
        MemoryReport before = MemoryReporter.current();
        long heapAllocatedBefore = heapAllocatedByThisThread();
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
        assertNotOnTheHeap(heapAllocatedBefore);
        MemoryReport after = MemoryReporter.current();
        assertInRss(before, after);
        assertTrue(after.jvm().directBufferBytes() - before.jvm().directBufferBytes() >= SIZE);
        assertTrue(
                growth(before.nmt().committedBytes("Other"), after.nmt().committedBytes("Other")) >= MOST_OF_IT,
                "NMT counts direct buffers (category Other)");
        Reference.reachabilityFence(buffer);
    }

    @Test
    void ffmArenaBlockIsInRssAndNmtButNotInTheHeap() {
        MemoryReport before = MemoryReporter.current();
        long heapAllocatedBefore = heapAllocatedByThisThread();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(SIZE);
            block.fill((byte) 1);
            assertNotOnTheHeap(heapAllocatedBefore);
            MemoryReport after = MemoryReporter.current();
            assertInRss(before, after);
            // The category, not the malloc total: JIT compiler threads malloc and free concurrently in a full run.
            assertTrue(
                    growth(before.nmt().committedBytes("Other"), after.nmt().committedBytes("Other")) >= MOST_OF_IT,
                    "NMT counts FFM allocations (category Other)");
        }
    }

    @Test
    void mallocBlockIsInRssAndCountsAsNonJvmNative() {
        MemoryReport before = MemoryReporter.current();
        long heapAllocatedBefore = heapAllocatedByThisThread();
        try (NativeBlock ignored = new NativeBlock(SIZE)) {
            assertNotOnTheHeap(heapAllocatedBefore);
            MemoryReport after = MemoryReporter.current();
            assertInRss(before, after);
            assertTrue(
                    Math.abs(growth(
                                    before.rssBreakdown().jvmMallocBytes(),
                                    after.rssBreakdown().jvmMallocBytes()))
                            < NOISE,
                    "NMT does not see a library's malloc");
            assertTrue(growth(
                            before.rssBreakdown().nonJvmNativeRemainderBytes(),
                            after.rssBreakdown().nonJvmNativeRemainderBytes())
                    >= MOST_OF_IT);
            assertTrue(after.rssBreakdown().nonJvmNativeMaxBytes() >= MOST_OF_IT);
        }
    }

    @Test
    void heapArrayIsInTheHeapAndNotInNonJvmNative() {
        MemoryReport before = MemoryReporter.current();
        byte[] array = new byte[SIZE];
        MemoryReport after = MemoryReporter.current();
        // A collection may run between the two reports, and free heap regions may be resident already: the array
        // need not grow heap used or heap resident by its size, but both hold at least the array.
        assertTrue(after.jvm().heapUsedBytes() >= SIZE);
        assertTrue(after.rssBreakdown().javaHeapResidentBytes() >= SIZE, "the zeroed array is resident");
        // A growing heap commits GC structures too, hence the wider margin.
        assertTrue(
                Math.abs(growth(
                                before.rssBreakdown().nonJvmNativeRemainderBytes(),
                                after.rssBreakdown().nonJvmNativeRemainderBytes()))
                        < 2 * NOISE,
                () -> before.rssBreakdown() + " -> " + after.rssBreakdown());
        Reference.reachabilityFence(array);
    }

    /**
     * RSS outside the heap: a collection between the two reports (other threads' garbage) may give heap pages back
     * to the OS, which whole-process RSS includes.
     */
    private static void assertInRss(MemoryReport before, MemoryReport after) {
        long heapChange = growth(
                before.rssBreakdown().javaHeapResidentBytes(),
                after.rssBreakdown().javaHeapResidentBytes());
        assertTrue(
                growth(before.process().rssBytes(), after.process().rssBytes()) - heapChange >= MOST_OF_IT,
                () -> "RSS " + Bytes.mib(before.process().rssBytes()) + " -> "
                        + Bytes.mib(after.process().rssBytes()) + ", heap resident changed by "
                        + Bytes.mib(heapChange));
    }

    /**
     * Counts this thread's heap allocations, not heap used: in a full test run other threads (the Graal compiler runs
     * in Java, compiling for earlier GraalPy tests) put tens of MiB of garbage on the heap between two reports, and a
     * collection to clear it would give heap back to the OS and shrink RSS while the test measures it.
     */
    private static void assertNotOnTheHeap(long heapAllocatedBefore) {
        long allocated = heapAllocatedByThisThread() - heapAllocatedBefore;
        assertTrue(allocated < NOISE, () -> "the allocation took " + Bytes.mib(allocated) + " of heap");
    }

    private static long heapAllocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long growth(long before, long after) {
        return after - before;
    }
}
