package dev.polybridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polybridge.sentiment.Classification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    private static final Duration NO_WAIT = Duration.ZERO;

    private final ManualClassifier engine = new ManualClassifier();
    private DynamicBatcher batcher;

    @AfterEach
    void closeBatcher() {
        if (batcher != null) batcher.close(Duration.ofMillis(100));
    }

    private DynamicBatcher start(boolean enabled, int maxBatch, Duration maxWait, int capacity, int inFlight) {
        return start(enabled, maxBatch, maxWait, capacity, inFlight, DynamicBatcher.Observer.NONE);
    }

    private DynamicBatcher start(
            boolean enabled,
            int maxBatch,
            Duration maxWait,
            int capacity,
            int inFlight,
            DynamicBatcher.Observer observer) {
        batcher = new DynamicBatcher(
                engine, new DynamicBatcher.Settings(enabled, maxBatch, maxWait, capacity, inFlight, null), observer);
        return batcher;
    }

    /** Occupies the only engine slot with a one-text batch and returns it, still running. */
    private ManualClassifier.Call occupyTheEngine() throws InterruptedException {
        batcher.submit(List.of("occupant"));
        return engine.next();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached within 60 s");
            Thread.sleep(1);
        }
    }

    private static List<Classification> expected(List<String> texts) {
        return texts.stream().map(ManualClassifier::expected).toList();
    }

    @Test
    void requestsQueuedWhileTheEngineIsBusyLeaveAsOneBatch() throws Exception {
        start(true, 64, NO_WAIT, 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        List<CompletableFuture<List<Classification>>> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) requests.add(batcher.submit(List.of("text " + i)));
        await(() -> batcher.measuredTexts() == 10);
        occupant.succeed();

        ManualClassifier.Call coalesced = engine.next();
        assertThat(coalesced.texts())
                .containsExactlyElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "text " + i).toList());
        coalesced.succeed();
        for (int i = 0; i < 10; i++) assertThat(requests.get(i).get()).isEqualTo(expected(List.of("text " + i)));
    }

    @Test
    void batchesNeverExceedTheMaximumSize() throws Exception {
        start(true, 32, NO_WAIT, 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        for (int i = 0; i < 100; i++) batcher.submit(List.of("t" + i));
        await(() -> batcher.measuredTexts() == 100);
        occupant.succeed();
        List<Integer> sizes = new ArrayList<>();
        for (int sent = 0; sent < 100; ) {
            ManualClassifier.Call call = engine.next();
            sizes.add(call.texts().size());
            sent += call.texts().size();
            call.succeed();
        }
        assertThat(sizes).containsExactly(32, 32, 32, 4);
    }

    @Test
    void everyRequestGetsExactlyItsOwnResultsInOrder() throws Exception {
        start(true, 16, Duration.ofMillis(2), 10_000, 4);
        var finisher = Executors.newSingleThreadScheduledExecutor();
        Thread engineDriver = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    ManualClassifier.Call call = engine.next();
                    finisher.schedule(call::succeed, ThreadLocalRandom.current().nextInt(5), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException | AssertionError e) {
                // the test is over
            }
        });
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> checks = new ArrayList<>();
            for (int r = 0; r < 300; r++) {
                int request = r;
                checks.add(CompletableFuture.runAsync(
                        () -> {
                            int size = 1 + request % 7;
                            List<String> texts = IntStream.range(0, size)
                                    .mapToObj(i -> "request " + request + " text " + i + "!".repeat(i))
                                    .toList();
                            try {
                                assertThat(batcher.submit(texts).get()).isEqualTo(expected(texts));
                            } catch (InterruptedException | ExecutionException e) {
                                throw new AssertionError(e);
                            }
                        },
                        clients));
            }
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            engineDriver.interrupt();
            finisher.shutdownNow();
        }
    }

    @Test
    void aLoneRequestIsNotHeldLongerThanTheMaximumWait() throws Exception {
        AtomicLong waited = new AtomicLong(-1);
        start(true, 1000, Duration.ofMillis(20), 1000, 1, new DynamicBatcher.Observer() {
            @Override
            public void dispatched(int texts, int requests, long oldestWaitNanos, long tokens, long paddedTokens) {
                waited.set(oldestWaitNanos);
            }
        });
        CompletableFuture<List<Classification>> alone = batcher.submit(List.of("alone"));
        ManualClassifier.Call call = engine.next();
        assertThat(call.texts()).containsExactly("alone");
        call.succeed();
        assertThat(alone.get()).isEqualTo(expected(List.of("alone")));
        assertThat(waited.get())
                .as("it waited for companions first")
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void theWaitCountsFromTheFirstQueuedTextAndEndsAtMaxWait() {
        var settings = new DynamicBatcher.Settings(true, 8, Duration.ofMillis(5), 100, 1, null);
        long first = 1_000_000_000L;
        long ms = 1_000_000L;
        assertThat(DynamicBatcher.waitNanos(settings, false, first, first)).isEqualTo(5 * ms);
        assertThat(DynamicBatcher.waitNanos(settings, false, first, first + 3 * ms))
                .isEqualTo(2 * ms);
        assertThat(DynamicBatcher.waitNanos(settings, false, first, first + 5 * ms))
                .isZero();
        assertThat(DynamicBatcher.waitNanos(settings, false, first, first + 50 * ms))
                .as("a late slot sends at once")
                .isZero();
        assertThat(DynamicBatcher.waitNanos(settings, true, first, first))
                .as("a full batch leaves at once")
                .isZero();
        var off = new DynamicBatcher.Settings(false, 8, Duration.ofMillis(5), 100, 1, null);
        assertThat(DynamicBatcher.waitNanos(off, false, first, first))
                .as("batching off never waits")
                .isZero();
    }

    private static DynamicBatcher.Settings grouping(int maxBatch, int maxTokens, double maxPadding) {
        return new DynamicBatcher.Settings(true, maxBatch, maxTokens, maxPadding, Duration.ofMillis(5), 1000, 1, null);
    }

    @Test
    void aBatchIsTheOldestTextAndTheNextOldestOfASimilarLength() {
        var group = DynamicBatcher.group(grouping(32, 1000, 0.2), new int[] {20, 50, 21, 48, 19, 5, 22, 120});
        assertThat(group.members())
                .as("the 20-token text with 21, 19 and 22; 50, 48, 5 and 120 would pad too much")
                .containsExactly(0, 2, 4, 6);
        assertThat(group.tokens()).isEqualTo(20 + 21 + 19 + 22);
        assertThat(group.paddedTokens()).isEqualTo(4 * 22);
        assertThat(group.full()).isFalse();
        assertThat(DynamicBatcher.group(grouping(32, 1000, 0.2), new int[] {50, 20, 48, 21})
                        .members())
                .as("the oldest leads, whatever its length")
                .containsExactly(0, 2);
        assertThat(DynamicBatcher.group(grouping(3, 1000, 0.2), new int[] {20, 24, 18, 20, 20})
                        .members())
                .as("older texts that fit go before younger ones closer in length")
                .containsExactly(0, 1, 2);
    }

    @Test
    void aBatchStaysWithinItsSizeAndTokenBudgetAndIsFullWhenNoOtherTextOfItsLengthFits() {
        int[] twelveOfTen = new int[12];
        java.util.Arrays.fill(twelveOfTen, 10);
        var byTokens = DynamicBatcher.group(grouping(32, 100, 0.2), twelveOfTen);
        assertThat(byTokens.members()).hasSize(10);
        assertThat(byTokens.paddedTokens()).isEqualTo(100);
        assertThat(byTokens.full()).isTrue();
        var bySize = DynamicBatcher.group(grouping(4, 1000, 0.2), twelveOfTen);
        assertThat(bySize.members()).containsExactly(0, 1, 2, 3);
        assertThat(bySize.full()).isTrue();
        var notYet = DynamicBatcher.group(grouping(32, 1000, 0.2), new int[] {10, 10, 10});
        assertThat(notYet.full())
                .as("room for more: it waits for companions up to max-wait")
                .isFalse();
        var tooLong = DynamicBatcher.group(grouping(32, 100, 0.2), new int[] {512, 10});
        assertThat(tooLong.members()).as("a text over the budget goes alone").containsExactly(0);
        assertThat(tooLong.full()).isTrue();
        var anyLength = DynamicBatcher.group(
                new DynamicBatcher.Settings(true, 32, NO_WAIT, 1000, 1, null), new int[] {5, 500, 50});
        assertThat(anyLength.members())
                .as("without a budget or padding limit, by count only")
                .containsExactly(0, 1, 2);
    }

    @Test
    void queuedTextsLeaveInGroupsOfSimilarLengthOldestFirst() throws Exception {
        batcher = new DynamicBatcher(
                engine,
                new DynamicBatcher.Settings(true, 8, 400, 0.2, NO_WAIT, 1000, 1, null),
                DynamicBatcher.Observer.NONE);
        ManualClassifier.Call occupant = occupyTheEngine();
        String s1 = "a".repeat(20);
        String l1 = "b".repeat(100);
        String s2 = "c".repeat(21);
        String l2 = "d".repeat(98);
        String s3 = "e".repeat(19);
        var shortOnes = batcher.submit(List.of(s1, s2));
        var mixed = batcher.submit(List.of(l1, s3, l2));
        await(() -> batcher.measuredTexts() == 5);
        occupant.succeed();
        ManualClassifier.Call first = engine.next();
        assertThat(first.texts())
                .as("the oldest (20 characters) with its neighbours in length")
                .containsExactly(s1, s2, s3);
        first.succeed();
        ManualClassifier.Call second = engine.next();
        assertThat(second.texts()).containsExactly(l1, l2);
        second.succeed();
        assertThat(shortOnes.get()).isEqualTo(expected(List.of(s1, s2)));
        assertThat(mixed.get())
                .as("split over two batches, answered in its own order")
                .isEqualTo(expected(List.of(l1, s3, l2)));
    }

    @Test
    void eachTextIsMeasuredOnceByTheClassifier() throws Exception {
        List<String> measured = java.util.Collections.synchronizedList(new ArrayList<>());
        ManualClassifier counting = new ManualClassifier() {
            @Override
            public int[] lengths(List<String> texts) {
                measured.addAll(texts);
                return super.lengths(texts);
            }
        };
        batcher = new DynamicBatcher(
                counting,
                new DynamicBatcher.Settings(true, 8, 400, 0.2, NO_WAIT, 1000, 1, null),
                DynamicBatcher.Observer.NONE);
        var a = batcher.submit(List.of("one", "two"));
        counting.next().succeed();
        var b = batcher.submit(List.of("three"));
        counting.next().succeed();
        assertThat(a.get()).hasSize(2);
        assertThat(b.get()).hasSize(1);
        assertThat(measured).containsExactly("one", "two", "three");
    }

    @Test
    void withBatchingOffEachRequestIsSentAlone() throws Exception {
        start(false, 32, Duration.ofMillis(50), 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        var a = batcher.submit(List.of("a1", "a2"));
        var b = batcher.submit(List.of("b1", "b2", "b3"));
        var c = batcher.submit(List.of("c1"));
        occupant.succeed();
        for (List<String> texts : List.of(List.of("a1", "a2"), List.of("b1", "b2", "b3"), List.of("c1"))) {
            ManualClassifier.Call call = engine.next();
            assertThat(call.texts()).isEqualTo(texts);
            call.succeed();
        }
        assertThat(List.of(a.get(), b.get(), c.get()))
                .containsExactly(
                        expected(List.of("a1", "a2")), expected(List.of("b1", "b2", "b3")), expected(List.of("c1")));
    }

    @Test
    void aFullQueueRefusesAtOnceAndNeverGrows() throws Exception {
        AtomicInteger rejections = new AtomicInteger();
        start(true, 4, NO_WAIT, 8, 1, new DynamicBatcher.Observer() {
            @Override
            public void rejected(BatcherRejectedException.Reason reason) {
                rejections.incrementAndGet();
            }
        });
        occupyTheEngine();
        batcher.submit(List.of("1", "2", "3", "4", "5"));
        assertThatThrownBy(() -> batcher.submit(List.of("6", "7", "8", "9")))
                .isInstanceOf(BatcherRejectedException.class)
                .hasMessageContaining("5 texts are queued, this request adds 4, the queue holds 8")
                .extracting(e -> ((BatcherRejectedException) e).reason())
                .isEqualTo(BatcherRejectedException.Reason.QUEUE_FULL);
        batcher.submit(List.of("6", "7", "8"));
        assertThatThrownBy(() -> batcher.submit(List.of("9"))).isInstanceOf(BatcherRejectedException.class);
        assertThat(batcher.queuedTexts()).isEqualTo(8);
        assertThat(rejections).hasValue(2);
    }

    @Test
    void cancellingARequestDropsItsQueuedTexts() throws Exception {
        AtomicInteger dropped = new AtomicInteger();
        start(true, 64, NO_WAIT, 1000, 1, new DynamicBatcher.Observer() {
            @Override
            public void dropped(int texts) {
                dropped.addAndGet(texts);
            }
        });
        ManualClassifier.Call occupant = occupyTheEngine();
        var cancelled = batcher.submit(List.of("gone 1", "gone 2", "gone 3"));
        var kept = batcher.submit(List.of("kept 1", "kept 2"));
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(batcher.queuedTexts()).isEqualTo(2);
        await(() -> batcher.measuredTexts() == 2);
        occupant.succeed();
        ManualClassifier.Call next = engine.next();
        assertThat(next.texts()).containsExactly("kept 1", "kept 2");
        next.succeed();
        assertThat(kept.get()).isEqualTo(expected(List.of("kept 1", "kept 2")));
        assertThat(cancelled).isCancelled();
        assertThat(dropped).hasValue(3);
    }

    @Test
    void cancellingARequestAlreadyInTheEngineLetsTheBatchFinishForTheOthers() throws Exception {
        start(true, 64, NO_WAIT, 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        var cancelled = batcher.submit(List.of("x"));
        var other = batcher.submit(List.of("y"));
        await(() -> batcher.measuredTexts() == 2);
        occupant.succeed();
        ManualClassifier.Call both = engine.next();
        cancelled.cancel(true);
        both.succeed();
        assertThat(other.get()).isEqualTo(expected(List.of("y")));
        assertThat(cancelled).isCancelled();
    }

    @Test
    void aFailedBatchFailsOnlyTheRequestsInIt() throws Exception {
        start(true, 2, NO_WAIT, 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        var first = batcher.submit(List.of("a"));
        var second = batcher.submit(List.of("b"));
        var third = batcher.submit(List.of("c"));
        await(() -> batcher.measuredTexts() == 3);
        occupant.succeed();
        engine.next().fail(new IllegalStateException("Python raised ZeroDivisionError: division by zero"));
        ManualClassifier.Call last = engine.next();
        assertThat(last.texts()).containsExactly("c");
        last.succeed();

        for (var failed : List.of(first, second)) {
            assertThatThrownBy(failed::get)
                    .cause()
                    .isInstanceOf(BatchFailedException.class)
                    .hasMessageContaining("batch of 2 texts")
                    .hasMessageContaining("IllegalStateException: Python raised ZeroDivisionError: division by zero");
        }
        assertThat(third.get()).isEqualTo(expected(List.of("c")));
        var after = batcher.submit(List.of("d"));
        engine.next().succeed();
        assertThat(after.get()).isEqualTo(expected(List.of("d")));
    }

    @Test
    void aRequestSplitOverBatchesFailsWhenOneOfItsBatchesFails() throws Exception {
        start(true, 2, NO_WAIT, 1000, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        var split = batcher.submit(List.of("s1", "s2", "s3"));
        await(() -> batcher.measuredTexts() == 3);
        occupant.succeed();
        engine.next().succeed();
        engine.next().fail(new IllegalStateException("engine gone"));
        assertThatThrownBy(split::get)
                .cause()
                .isInstanceOf(BatchFailedException.class)
                .hasMessageContaining("engine gone");
    }

    @Test
    void closingSendsWhatIsQueuedWaitsForItAndRefusesNewWork() throws Exception {
        start(true, 100, Duration.ofHours(1), 1000, 1);
        var queued = new ArrayList<CompletableFuture<List<Classification>>>();
        for (int i = 0; i < 5; i++) queued.add(batcher.submit(List.of("q" + i)));
        var closed = new CompletableFuture<Boolean>();
        Thread.ofPlatform().start(() -> closed.complete(batcher.close(Duration.ofSeconds(60))));
        ManualClassifier.Call flushed = engine.next();
        assertThat(flushed.texts())
                .as("sent without waiting an hour for companions")
                .hasSize(5);
        await(() -> {
            try {
                batcher.submit(List.of("late"));
                return false;
            } catch (BatcherRejectedException e) {
                return e.reason() == BatcherRejectedException.Reason.SHUTTING_DOWN;
            }
        });
        assertThat(closed).isNotDone();
        flushed.succeed();
        assertThat(closed.get()).as("drained").isTrue();
        for (int i = 0; i < 5; i++) assertThat(queued.get(i).get()).isEqualTo(expected(List.of("q" + i)));
    }

    @Test
    void whatCannotDrainInTimeFailsWithAClearReason() throws Exception {
        start(true, 100, NO_WAIT, 1000, 1);
        occupyTheEngine();
        var stuck = batcher.submit(List.of("never sent"));
        assertThat(batcher.close(Duration.ofMillis(50))).isFalse();
        assertThatThrownBy(stuck::get)
                .cause()
                .isInstanceOf(BatcherRejectedException.class)
                .hasMessageContaining("shut down before this request reached the engine");
    }

    @Test
    void bulkSubmissionsWaitForRoomInsteadOfFailing() throws Exception {
        start(true, 4, NO_WAIT, 4, 1);
        ManualClassifier.Call occupant = occupyTheEngine();
        batcher.submit(List.of("1", "2", "3", "4"));
        var bulk = new CompletableFuture<CompletableFuture<List<Classification>>>();
        Thread.ofPlatform().start(() -> {
            try {
                bulk.complete(batcher.submitWhenRoom(List.of("b1", "b2"), Duration.ofSeconds(60)));
            } catch (InterruptedException e) {
                bulk.completeExceptionally(e);
            }
        });
        assertThat(batcher.queuedTexts()).isEqualTo(4);
        await(() -> batcher.measuredTexts() == 4);
        occupant.succeed();
        engine.next().succeed();
        ManualClassifier.Call bulkCall = engine.next();
        assertThat(bulkCall.texts()).containsExactly("b1", "b2");
        bulkCall.succeed();
        assertThat(bulk.get().get()).isEqualTo(expected(List.of("b1", "b2")));
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 0, NO_WAIT, 1, 1, null))
                .hasMessageContaining("max batch size");
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 1, Duration.ofMillis(-1), 1, 1, null))
                .hasMessageContaining("max wait");
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 1, NO_WAIT, 0, 1, null))
                .hasMessageContaining("queue capacity");
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 1, NO_WAIT, 1, 0, null))
                .hasMessageContaining("in-flight");
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 1, 0, 0.2, NO_WAIT, 1, 1, null))
                .hasMessageContaining("max batch tokens");
        assertThatThrownBy(() -> new DynamicBatcher.Settings(true, 1, 10, 1.5, NO_WAIT, 1, 1, null))
                .hasMessageContaining("max padding");
    }
}
