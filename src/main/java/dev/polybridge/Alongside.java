package dev.polybridge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Two steps of a start that each keep one core busy for most of a second, run side by side: {@code here} on the
 * calling thread (which owns the GraalPy context's entry), {@code there} on a platform thread of its own (ONNX
 * Runtime, native). What each returned, and when each finished ({@link System#nanoTime()}).
 *
 * <p>When one step fails, the other is waited for and what it made is undone (closed), so that a failed start leaves
 * nothing open; the first failure is thrown, with the other's failure, if any, added as suppressed.
 */
public record Alongside<H, T>(H here, T there, long hereDone, long thereDone) {

    private record Done<T>(T value, long at) {}

    public static <H, T> Alongside<H, T> run(
            Supplier<H> here,
            Consumer<? super H> undoHere,
            String threadName,
            Supplier<T> there,
            Consumer<? super T> undoThere) {
        CompletableFuture<Done<T>> other = CompletableFuture.supplyAsync(
                () -> new Done<>(there.get(), System.nanoTime()),
                runnable -> Thread.ofPlatform().name(threadName).daemon(true).start(runnable));
        H made;
        try {
            made = here.get();
        } catch (RuntimeException | Error e) {
            other.handle((done, failure) -> {
                        if (failure != null) e.addSuppressed(unwrapped(failure));
                        else undo(undoThere, done.value(), e);
                        return null;
                    })
                    .join();
            throw e;
        }
        long hereDone = System.nanoTime();
        try {
            Done<T> done = other.join();
            return new Alongside<>(made, done.value(), hereDone, done.at());
        } catch (CompletionException e) {
            Throwable cause = unwrapped(e);
            undo(undoHere, made, cause);
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }

    /**
     * Undoes {@code value}, made before {@code failure} stopped what was to follow: {@code undo} (a close) runs, and
     * its own failure is added to {@code failure} as suppressed instead of hiding it.
     */
    public static <V> void undo(Consumer<? super V> undo, V value, Throwable failure) {
        try {
            undo.accept(value);
        } catch (RuntimeException closing) {
            failure.addSuppressed(closing);
        }
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
