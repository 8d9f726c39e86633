package dev.polybridge.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A block from the C library's malloc, written on every page: native memory the JVM knows nothing of, like the
 * ONNX Runtime arena. Needs --enable-native-access (surefire's argLine has it).
 */
final class NativeBlock implements AutoCloseable {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("malloc"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("free"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private final MemorySegment block;

    NativeBlock(long bytes) {
        try {
            MemorySegment address = (MemorySegment) MALLOC.invokeExact(bytes);
            if (address.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("malloc(" + bytes + ") failed");
            }
            block = address.reinterpret(bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("malloc failed", e);
        }
        block.fill((byte) 1);
    }

    @Override
    public void close() {
        try {
            FREE.invokeExact(block);
        } catch (Throwable e) {
            throw new IllegalStateException("free failed", e);
        }
    }
}
