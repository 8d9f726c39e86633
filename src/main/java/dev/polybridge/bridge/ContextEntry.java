package dev.polybridge.bridge;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The dedicated platform threads that alone enter the Python context.
 *
 * <p>Virtual threads must never enter a GraalPy 25.0.3 context: with the JIT on, 8-64 virtual threads calling
 * one context deadlocked in 4 of 5 stress runs, both carriers pinned in {@code acquireGil}. Callers on any
 * thread hand their work to these threads and wait; a waiting virtual thread unmounts and frees its carrier.
 */
final class ContextEntry implements AutoCloseable {
    private static final ThreadLocal<Boolean> ON_ENTRY_THREAD = ThreadLocal.withInitial(() -> false);

    private final ThreadPoolExecutor threads;

    ContextEntry(int count) {
        requireOne(count);
        var factory = Thread.ofPlatform().name("python-entry-", 0).daemon(true).factory();
        this.threads = new ThreadPoolExecutor(
                count,
                count,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                runnable -> factory.newThread(() -> {
                    ON_ENTRY_THREAD.set(true);
                    runnable.run();
                }));
    }

    private static void requireOne(int count) {
        if (count < 1) throw new IllegalArgumentException("entry threads must be >= 1, got " + count);
    }

    /** Makes it {@code count} threads: a context started ahead gets the entry threads its bridge asks for. */
    void resize(int count) {
        requireOne(count);
        if (count > threads.getMaximumPoolSize()) {
            threads.setMaximumPoolSize(count);
            threads.setCorePoolSize(count);
        } else {
            threads.setCorePoolSize(count);
            threads.setMaximumPoolSize(count);
        }
    }

    /** Runs {@code action} on an entry thread without waiting for it. */
    <T> CompletableFuture<T> submit(Callable<T> action) {
        var result = new CompletableFuture<T>();
        threads.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Runs {@code action} on an entry thread and returns its result. Already on one (a host object calling back
     * into Python), it runs in place. If the caller is interrupted while waiting, a call that has not started is
     * cancelled; one already running in Python finishes and its result is dropped (Python code is not preempted).
     */
    <T> T run(Callable<T> action) {
        if (ON_ENTRY_THREAD.get()) {
            return callUnchecked(action);
        }
        Future<T> future;
        try {
            future = threads.submit(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new BridgeClosedException("the Python context is closed");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the Python context");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new BridgeException("call failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T callUnchecked(Callable<T> action) {
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BridgeException("call failed: " + e, e);
        }
    }
}
