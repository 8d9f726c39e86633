package dev.polybridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void aFullQueueRejectsAtOnceWithATypedError() throws Exception {
        var release = new CountDownLatch(1);
        try (var pool = new WorkerPool("test", 1, 2)) {
            var started = new CountDownLatch(1);
            pool.submit(() -> {
                started.countDown();
                return release.await(10, TimeUnit.SECONDS);
            });
            started.await();
            pool.submit(() -> 1);
            pool.submit(() -> 2);
            long before = System.nanoTime();
            assertThatThrownBy(() -> pool.submit(() -> 3))
                    .isInstanceOf(PoolRejectedException.class)
                    .hasMessageContaining("queue is full")
                    .hasMessageContaining("2 tasks waiting");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            release.countDown();
        }
    }

    @Test
    void aTimeoutFailsTheFutureAndInterruptsTheWorker() throws Exception {
        var interrupted = new CountDownLatch(1);
        try (var pool = new WorkerPool("test", 1, 4)) {
            CompletableFuture<Object> future = pool.submit(
                    () -> {
                        try {
                            Thread.sleep(10_000);
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                        }
                        return "late";
                    },
                    Duration.ofMillis(100));
            assertThatThrownBy(future::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(CallTimeoutException.class)
                    .hasMessageContaining("100 ms");
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.submit(() -> "next").get(5, TimeUnit.SECONDS))
                    .as("the worker lives on")
                    .isEqualTo("next");
        }
    }

    @Test
    void cancellingAQueuedTaskMeansItNeverRuns() throws Exception {
        var release = new CountDownLatch(1);
        var ran = new AtomicBoolean();
        var started = new CountDownLatch(1);
        try (var pool = new WorkerPool("test", 1, 4)) {
            pool.submit(() -> {
                started.countDown();
                return release.await(10, TimeUnit.SECONDS);
            });
            started.await();
            CompletableFuture<Object> queued = pool.submit(() -> ran.getAndSet(true));
            assertThat(pool.queued()).isEqualTo(1);
            assertThat(queued.cancel(true)).isTrue();
            assertThat(pool.queued()).as("its slot is freed at once").isZero();
            release.countDown();
            assertThat(pool.submit(() -> "after").get(5, TimeUnit.SECONDS)).isEqualTo("after");
            assertThat(ran).isFalse();
            assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void cancellingARunningTaskInterruptsIt() throws Exception {
        var started = new CountDownLatch(1);
        var interrupted = new CountDownLatch(1);
        try (var pool = new WorkerPool("test", 1, 4)) {
            CompletableFuture<Object> running = pool.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return null;
            });
            started.await();
            running.cancel(true);
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shutdownDrainsEveryAcceptedTaskAndThenRejects() throws Exception {
        var done = new AtomicInteger();
        var pool = new WorkerPool("test", 4, 100);
        var futures = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                Thread.sleep(5);
                done.incrementAndGet();
                return n;
            }));
        }
        assertThat(pool.shutdown(Duration.ofSeconds(30))).isTrue();
        assertThat(done).hasValue(100);
        for (int i = 0; i < 100; i++) {
            assertThat(futures.get(i).getNow(-1)).isEqualTo(i);
        }
        assertThatThrownBy(() -> pool.submit(() -> 1))
                .isInstanceOf(PoolRejectedException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void workersAreVirtualThreads() throws Exception {
        try (var pool = new WorkerPool("test", 2, 4)) {
            assertThat(pool.submit(() -> Thread.currentThread().isVirtual()).get())
                    .isTrue();
            assertThat(pool.submit(() -> Thread.currentThread().getName()).get())
                    .startsWith("test-worker-");
        }
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> new WorkerPool("test", 0, 1)).hasMessageContaining("workers must be >= 1");
        assertThatThrownBy(() -> new WorkerPool("test", 1, 0)).hasMessageContaining("queue capacity must be >= 1");
    }
}
