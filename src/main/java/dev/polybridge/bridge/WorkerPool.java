package dev.polybridge.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Long-lived virtual-thread workers behind a bounded queue.
 * <ul>
 *   <li>{@link #submit} returns a future at once, or throws {@link PoolRejectedException} when the queue is full
 *       or the pool is shutting down: it never blocks the caller.</li>
 *   <li>Cancelling a future removes a queued task, or interrupts the worker running it.</li>
 *   <li>A timeout completes the future with {@link CallTimeoutException} and cancels the task the same way.</li>
 *   <li>{@link #shutdown} stops accepting, lets the workers drain every accepted task, then stops them.</li>
 * </ul>
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

    private final String name;
    private final BlockingQueue<Task<?>> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean accepting = true;

    public WorkerPool(String name, int workers, int queueCapacity) {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue capacity must be >= 1, got " + queueCapacity);
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        var factory = Thread.ofVirtual().name(name + "-worker-", 0).factory();
        for (int i = 0; i < workers; i++) {
            Thread worker = factory.newThread(this::workLoop);
            this.workers.add(worker);
            worker.start();
        }
    }

    public <T> CompletableFuture<T> submit(Callable<T> work) {
        return submit(work, null);
    }

    /** Like {@link #submit(Callable)}, failing the future with {@link CallTimeoutException} after {@code timeout}. */
    public <T> CompletableFuture<T> submit(Callable<T> work, Duration timeout) {
        if (!accepting) {
            throw new PoolRejectedException(name + " is shutting down and accepts no more work");
        }
        var task = new Task<>(work, queue);
        if (!queue.offer(task)) {
            throw new PoolRejectedException(name + " queue is full: " + queue.size() + " tasks waiting for "
                    + workers.size() + " workers; retry later or raise the queue capacity");
        }
        if (timeout != null) {
            CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> task.fail(
                            new CallTimeoutException("call did not finish within " + timeout.toMillis() + " ms")));
        }
        return task;
    }

    public int workers() {
        return workers.size();
    }

    public int queued() {
        return queue.size();
    }

    public int busy() {
        return busy.get();
    }

    /** Stops accepting work, waits up to {@code drainTimeout} for accepted tasks to finish, then stops the workers. */
    public boolean shutdown(Duration drainTimeout) {
        accepting = false;
        for (int i = 0; i < workers.size(); i++) {
            enqueuePoison();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        boolean drained = true;
        for (Thread worker : workers) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!worker.join(Duration.ofNanos(left))) {
                    drained = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                drained = false;
                break;
            }
        }
        if (!drained) {
            LOG.warning(name + ": drain timed out after " + drainTimeout.toMillis() + " ms; failing what is left");
            workers.forEach(Thread::interrupt);
            Task<?> left;
            while ((left = queue.poll()) != null) {
                left.fail(new BridgeClosedException(name + " shut down before this task ran"));
            }
        }
        return drained;
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    private void enqueuePoison() {
        try {
            queue.put(Task.POISON);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void workLoop() {
        while (true) {
            Task<?> task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == Task.POISON) {
                return;
            }
            busy.incrementAndGet();
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
                Thread.interrupted(); // a cancel aimed at the finished task must not hit the next one
            }
        }
    }

    /** A queued unit of work and its future; cancelling the future interrupts the worker running it. */
    private static final class Task<T> extends CompletableFuture<T> {
        static final Task<Object> POISON = new Task<>(() -> null, null);

        private final Callable<T> work;
        private final BlockingQueue<Task<?>> queue;
        private Thread runner;

        Task(Callable<T> work, BlockingQueue<Task<?>> queue) {
            this.work = work;
            this.queue = queue;
        }

        void run() {
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                runner = Thread.currentThread();
            }
            try {
                complete(work.call());
            } catch (Throwable t) {
                if (!isDone()) {
                    completeExceptionally(t);
                } else {
                    LOG.log(Level.FINE, "result of a cancelled or timed-out task discarded", t);
                }
            } finally {
                synchronized (this) {
                    runner = null;
                }
            }
        }

        void fail(Throwable cause) {
            if (completeExceptionally(cause)) {
                interruptRunner();
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                interruptRunner();
            }
            return cancelled;
        }

        private synchronized void interruptRunner() {
            if (runner != null) {
                runner.interrupt();
            } else {
                queue.remove(this); // still queued: free its slot now
            }
        }
    }
}
