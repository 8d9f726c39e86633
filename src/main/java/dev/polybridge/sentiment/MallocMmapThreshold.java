package dev.polybridge.sentiment;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.logging.Logger;

/**
 * Fixes glibc's mmap threshold, the size from which {@code malloc} maps an allocation on its own, so that {@code free}
 * hands it back to the system. By default glibc raises the threshold to the size of every such allocation freed (up
 * to 32 MiB), and from then on serves that size from its heaps, which keep what is freed. ONNX Runtime's arena, when
 * asked to shrink after every run ({@link OnnxEngine#ARENA_SHRINKAGE}), frees its regions each time, so with the
 * moving threshold glibc would keep them instead, and hold more than the arena alone (docs/memory.md, "Fifth round").
 * One setting for the whole process; without glibc (no {@code mallopt}) nothing changes.
 */
final class MallocMmapThreshold {
    static final int BYTES = 4 << 20;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final Logger LOG = Logger.getLogger(MallocMmapThreshold.class.getName());

    private MallocMmapThreshold() {}

    /** Sets the threshold to {@link #BYTES}; whether the C library took it. */
    static boolean fix() {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle mallopt = linker.downcallHandle(
                    linker.defaultLookup().find("mallopt").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return (int) mallopt.invokeExact(M_MMAP_THRESHOLD, BYTES) == 1;
        } catch (Throwable e) {
            LOG.fine(() -> "no mallopt (" + e + "): the arena's freed regions may stay in the C library's heaps");
            return false;
        }
    }
}
