package dev.polybridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** Many virtual threads against the one context: correct results, no deadlock, no pinned carriers. */
class ConcurrencyTest {
    private static final int THREADS = 64;
    private static final int CALLS_PER_THREAD = 50;
    private static final int REPETITIONS = 20;
    private static final Duration WATCHDOG = Duration.ofSeconds(120);

    @Test
    void sixtyFourVirtualThreadsCallTheContextRepeatedlyWithoutDeadlockOrPinning() throws Exception {
        PythonBridge bridge = TestBridge.get();
        Path jfr = Files.createTempFile("polybridge-pinning", ".jfr");
        try (var recording = new Recording()) {
            recording
                    .enable("jdk.VirtualThreadPinned")
                    .withThreshold(Duration.ZERO)
                    .withStackTrace();
            recording.start();
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
                runOneRound(bridge, repetition);
            }
            recording.stop();
            recording.dump(jfr);
        }
        List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfr).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                .toList();
        assertThat(pinned).as("jdk.VirtualThreadPinned events").isEmpty();
        Files.deleteIfExists(jfr);
    }

    private static void runOneRound(PythonBridge bridge, int repetition) throws Exception {
        var wrong = new AtomicLong();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.submit(() -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        long a = thread * 1_000_000L + i;
                        if (!Long.valueOf(a + repetition).equals(bridge.call("add", a, repetition))) {
                            wrong.incrementAndGet();
                        }
                    }
                });
            }
            threads.shutdown();
            if (!threads.awaitTermination(WATCHDOG.toSeconds(), TimeUnit.SECONDS)) {
                Path dump = Files.createTempFile("polybridge-hang", ".json");
                Files.delete(dump);
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                threads.shutdownNow();
                fail("round " + repetition + " hung for " + WATCHDOG + "; thread dump (virtual threads included) in "
                        + dump);
            }
        }
        assertThat(wrong).as("wrong results in round %d", repetition).hasValue(0);
    }

    @Test
    void poolWorkersCallTheContextConcurrentlyWithCorrectResults() throws Exception {
        PythonBridge bridge = TestBridge.get();
        var futures = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < 2000; i++) {
            futures.add(bridge.submitCall("add", i, i));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(2L * i);
        }
    }

    @Test
    void theGilIsReleasedWhilePythonIsInsideAJavaCall() throws Exception {
        PythonBridge bridge = TestBridge.with(TestBridge.CONFIG.withEntryThreads(8));
        var host = new SleepingHost();
        bridge.call("host_sleep", host, 1); // warm
        long sleep = 500;
        long started = System.nanoTime();
        var calls = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < 8; i++) {
            calls.add(bridge.submitCall("host_sleep", host, sleep));
        }
        for (var call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(sleep);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed)
                .as("8 concurrent 500 ms host sleeps take about one sleep, not eight")
                .isLessThan(Duration.ofMillis(sleep * 3));
        TestBridge.get();
    }
}
