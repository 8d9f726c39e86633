package dev.polybridge.api;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces the texts of concurrent requests into engine batches of texts of similar length.
 *
 * <ul>
 *   <li>Texts wait in one bounded queue. Each is measured in tokens when it arrives ({@link TextClassifier#lengths},
 *       the tokenizer's count; its encoding is kept for the batch). A batch is formed around the oldest queued text:
 *       its companions are the next oldest texts of a similar length, as many as fit in {@code maxBatchSize} texts
 *       and {@code maxBatchTokens} padded tokens (texts × the longest), passing over any that would make padding more
 *       than {@code maxPadding} of the batch. A batch pads every text to its longest, so texts of mixed lengths cost
 *       the engine up to several times their own tokens; grouped by length they cost little more than alone, and a
 *       batch runs more tokens per second than single texts.</li>
 *   <li>The batch leaves when it is full (no other text of the oldest's length would fit) or when the oldest text has
 *       waited {@code maxWait}, whichever comes first; batching itself never holds a text longer than {@code maxWait}.
 *       At most {@code maxInFlight} batches are in the engine at once; while all are busy texts keep queueing (that
 *       wait is load, not batching), and the oldest leads the next batch, so no text is passed over for long.</li>
 *   <li>With batching off, each request is sent alone, as soon as an engine slot is free.</li>
 *   <li>A request's texts may be split over several batches; its future completes with exactly its own results,
 *       in its order, once all of them are back. If a batch fails, every request with a text in it fails with
 *       {@link BatchFailedException}; the other batches are unaffected.</li>
 *   <li>{@link #submit} never blocks: a request that does not fit in the queue is refused with
 *       {@link BatcherRejectedException}. The queue never grows beyond {@code queueCapacity} texts.</li>
 *   <li>Cancelling a request's future removes its texts that are still queued. Texts already sent to the engine are
 *       computed to the end (Python is not preempted) and their results are dropped.</li>
 * </ul>
 */
public final class DynamicBatcher implements AutoCloseable {

    /**
     * @param maxWait        how long the oldest queued text may wait for companions
     * @param maxBatchTokens padded tokens (texts × the longest) per batch at most; a text longer than that goes alone
     * @param maxPadding     the share of a batch's padded tokens that may be padding, 0 to 1
     * @param batchTimeout   how long one engine call may take before its requests fail; null for no limit
     */
    public record Settings(
            boolean enabled,
            int maxBatchSize,
            int maxBatchTokens,
            double maxPadding,
            Duration maxWait,
            int queueCapacity,
            int maxInFlight,
            Duration batchTimeout) {
        public Settings {
            if (maxBatchSize < 1)
                throw new IllegalArgumentException("max batch size must be >= 1, got " + maxBatchSize);
            if (maxBatchTokens < 1)
                throw new IllegalArgumentException("max batch tokens must be >= 1, got " + maxBatchTokens);
            if (!(maxPadding >= 0 && maxPadding <= 1)) {
                throw new IllegalArgumentException("max padding must be from 0 to 1, got " + maxPadding);
            }
            if (maxWait.isNegative()) throw new IllegalArgumentException("max wait must be >= 0, got " + maxWait);
            if (queueCapacity < 1)
                throw new IllegalArgumentException("queue capacity must be >= 1, got " + queueCapacity);
            if (maxInFlight < 1)
                throw new IllegalArgumentException("max in-flight batches must be >= 1, got " + maxInFlight);
        }

        /** Batches by count only: any lengths may share a batch. */
        public Settings(
                boolean enabled,
                int maxBatchSize,
                Duration maxWait,
                int queueCapacity,
                int maxInFlight,
                Duration batchTimeout) {
            this(enabled, maxBatchSize, Integer.MAX_VALUE, 1.0, maxWait, queueCapacity, maxInFlight, batchTimeout);
        }
    }

    /** Hooks for metrics; called outside the batcher's lock. */
    public interface Observer {
        Observer NONE = new Observer() {};

        /**
         * @param oldestWaitNanos how long the batch's oldest text waited in the queue
         * @param tokens          the texts' tokens
         * @param paddedTokens    texts × the longest: what the engine computes
         */
        default void dispatched(int texts, int requests, long oldestWaitNanos, long tokens, long paddedTokens) {}

        /** @param failure null when the batch succeeded */
        default void completed(int texts, long nanos, Throwable failure) {}

        default void rejected(BatcherRejectedException.Reason reason) {}

        /** Queued texts dropped because their request was cancelled. */
        default void dropped(int texts) {}
    }

    /** A queued text; {@code length} (tokens) is set by the dispatcher, under the lock, soon after it arrives. */
    private static final class Item {
        final Request request;
        final int index;
        final String text;
        final long enqueuedNanos;
        int length = UNMEASURED;

        Item(Request request, int index, String text, long enqueuedNanos) {
            this.request = request;
            this.index = index;
            this.text = text;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    private static final int UNMEASURED = -1;

    private final TextClassifier classifier;
    private final Settings settings;
    private final Observer observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** Queued texts not measured yet, oldest first. */
    private final ArrayDeque<Item> unmeasured = new ArrayDeque<>();

    private final Thread dispatcher;
    private int inFlight;
    private boolean closing;

    public DynamicBatcher(TextClassifier classifier, Settings settings, Observer observer) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.dispatcher =
                Thread.ofPlatform().name("polybridge-batcher").daemon(true).start(this::dispatchLoop);
    }

    /**
     * Queues {@code texts} as one request.
     *
     * @throws BatcherRejectedException when they do not fit in the queue, or the batcher is closing
     */
    public CompletableFuture<List<Classification>> submit(List<String> texts) {
        Request request = new Request(texts.size());
        if (texts.isEmpty()) {
            request.complete(List.of());
            return request;
        }
        BatcherRejectedException rejection;
        lock.lock();
        try {
            rejection = refusal(texts.size());
            if (rejection == null) {
                enqueue(request, texts);
                return request;
            }
        } finally {
            lock.unlock();
        }
        observer.rejected(rejection.reason());
        throw rejection;
    }

    /**
     * Like {@link #submit}, but waits up to {@code maxBlock} for room in the queue: for bulk work (CSV uploads) that
     * should slow down rather than fail while interactive requests fill the queue.
     */
    public CompletableFuture<List<Classification>> submitWhenRoom(List<String> texts, Duration maxBlock)
            throws InterruptedException {
        if (texts.size() > settings.queueCapacity()) {
            throw new IllegalArgumentException(
                    texts.size() + " texts can never fit a queue of " + settings.queueCapacity());
        }
        long deadline = System.nanoTime() + maxBlock.toNanos();
        lock.lock();
        try {
            while (!closing && queue.size() + texts.size() > settings.queueCapacity()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return submit(texts);
    }

    /** Texts waiting for a batch. */
    public int queuedTexts() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Queued texts whose token count is known: a batch forms from these only. For tests, which wait on it. */
    int measuredTexts() {
        lock.lock();
        try {
            return (int)
                    queue.stream().filter(item -> item.length != UNMEASURED).count();
        } finally {
            lock.unlock();
        }
    }

    /** Batches in the engine now. */
    public int inFlightBatches() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public Settings settings() {
        return settings;
    }

    public boolean isRunning() {
        return dispatcher.isAlive();
    }

    /**
     * How long the dispatcher should still wait before sending a batch: 0 to send now. With batching off, or when the
     * oldest text's batch is full, that is now; otherwise until the oldest queued text has waited {@code maxWait}.
     */
    static long waitNanos(Settings settings, boolean full, long oldestEnqueuedNanos, long nowNanos) {
        if (!settings.enabled() || full) {
            return 0;
        }
        return Math.max(0, oldestEnqueuedNanos + settings.maxWait().toNanos() - nowNanos);
    }

    /** A batch formed around the oldest queued text; {@code full} when no other text of its length would fit. */
    record Group(List<Integer> members, boolean full, long tokens, long paddedTokens) {}

    /**
     * The batch around {@code lengths[0]}, the oldest text: the other queued texts, oldest first, that keep it within
     * the maximum size, the token budget, and {@code maxPadding} of padding; a text that does not fit is passed over
     * and waits to lead a batch of its own length. Taking the oldest fitting texts first, rather than those closest in
     * length, keeps the order near first come, first served: a text is passed over only by younger texts that fit an
     * older text's batch when it does not. Indexes are into {@code lengths}, which is in queue order.
     */
    static Group group(Settings settings, int[] lengths) {
        int anchor = lengths[0];
        List<Integer> members = new ArrayList<>();
        members.add(0);
        long tokens = anchor;
        int longest = anchor;
        for (int i = 1; i < lengths.length && members.size() < settings.maxBatchSize(); i++) {
            int longer = Math.max(longest, lengths[i]);
            long padded = (long) (members.size() + 1) * longer;
            if (padded > settings.maxBatchTokens()) continue;
            if (padded - (tokens + lengths[i]) > settings.maxPadding() * padded) continue;
            members.add(i);
            tokens += lengths[i];
            longest = longer;
        }
        long padded = (long) members.size() * longest;
        boolean full = members.size() == settings.maxBatchSize() || padded + anchor > settings.maxBatchTokens();
        return new Group(members, full, tokens, padded);
    }

    /**
     * Stops accepting requests, sends what is queued without waiting for companions, and waits up to
     * {@code drainTimeout} for every batch to come back. Requests still queued after that fail with
     * {@link BatcherRejectedException}. Returns whether everything drained.
     */
    public boolean close(Duration drainTimeout) {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        Set<Request> abandoned = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean drained;
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
            while (!queue.isEmpty() || inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                changed.awaitNanos(left);
            }
            drained = queue.isEmpty() && inFlight == 0;
            for (Item item : queue) abandoned.add(item.request);
            queue.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } finally {
            lock.unlock();
        }
        dispatcher.interrupt();
        for (Request request : abandoned) {
            request.completeExceptionally(new BatcherRejectedException(
                    BatcherRejectedException.Reason.SHUTTING_DOWN,
                    "the service shut down before this request reached the engine"));
        }
        return drained;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private BatcherRejectedException refusal(int texts) {
        if (closing) {
            return new BatcherRejectedException(
                    BatcherRejectedException.Reason.SHUTTING_DOWN,
                    "the service is shutting down and accepts no more work");
        }
        if (queue.size() + texts > settings.queueCapacity()) {
            return new BatcherRejectedException(
                    BatcherRejectedException.Reason.QUEUE_FULL,
                    "the server is overloaded: %d texts are queued, this request adds %d, the queue holds %d; retry later"
                            .formatted(queue.size(), texts, settings.queueCapacity()));
        }
        return null;
    }

    private void enqueue(Request request, List<String> texts) {
        long now = System.nanoTime();
        for (int i = 0; i < texts.size(); i++) {
            Item item = new Item(request, i, texts.get(i), now);
            queue.add(item);
            if (settings.enabled()) unmeasured.add(item);
        }
        changed.signalAll();
    }

    /** What the dispatcher does next: measure new texts, or send a batch. */
    private record Step(List<Item> toMeasure, Sent batch) {}

    private void dispatchLoop() {
        while (true) {
            Step step;
            lock.lock();
            try {
                step = nextStep();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (step == null) {
                return;
            }
            if (step.toMeasure() != null) {
                measure(step.toMeasure());
            } else {
                send(step.batch());
            }
        }
    }

    /**
     * Waits (holding the lock between waits) until a batch may leave or there are texts to measure; null once closing
     * with nothing queued. A free engine slot comes first: a batch of the texts already measured leaves before newly
     * arrived texts are measured; otherwise new texts are measured at once, while the engine is busy.
     */
    private Step nextStep() throws InterruptedException {
        while (true) {
            if (queue.isEmpty()) {
                unmeasured.clear();
                if (closing) return null;
                changed.await();
                continue;
            }
            boolean slotFree = inFlight < settings.maxInFlight();
            if (slotFree && !settings.enabled()) {
                return new Step(null, takeRequest());
            }
            if (slotFree && queue.peek().length != UNMEASURED) {
                List<Item> measured = new ArrayList<>(queue.size());
                for (Item item : queue) {
                    if (item.length != UNMEASURED) measured.add(item);
                }
                int[] lengths = new int[measured.size()];
                for (int i = 0; i < lengths.length; i++) lengths[i] = measured.get(i).length;
                Group group = group(settings, lengths);
                long wait = closing
                        ? 0
                        : waitNanos(settings, group.full(), measured.getFirst().enqueuedNanos, System.nanoTime());
                if (wait == 0) {
                    return new Step(null, take(measured, group));
                }
                if (unmeasured.isEmpty()) {
                    changed.awaitNanos(wait);
                    continue;
                }
            }
            if (!unmeasured.isEmpty()) {
                List<Item> toMeasure = new ArrayList<>(unmeasured);
                unmeasured.clear();
                return new Step(toMeasure, null);
            }
            changed.await();
        }
    }

    /**
     * Token counts of newly queued texts, outside the lock. If the classifier cannot count them, about four
     * characters a token: the batch still forms, only less evenly.
     */
    private void measure(List<Item> items) {
        List<String> texts = new ArrayList<>(items.size());
        for (Item item : items) texts.add(item.text);
        int[] lengths;
        try {
            lengths = classifier.lengths(texts);
            if (lengths.length != items.size())
                throw new IllegalStateException(lengths.length + " lengths for " + items.size() + " texts");
        } catch (RuntimeException e) {
            lengths = texts.stream().mapToInt(t -> 2 + (t.length() + 3) / 4).toArray();
        }
        lock.lock();
        try {
            for (int i = 0; i < items.size(); i++) items.get(i).length = Math.max(1, lengths[i]);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A batch taken from the queue, with its tokens for the metrics. */
    private record Sent(List<Item> items, long tokens, long paddedTokens) {}

    private Sent take(List<Item> queued, Group group) {
        List<Item> batch = new ArrayList<>(group.members().size());
        Set<Item> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int index : group.members()) {
            batch.add(queued.get(index));
            taken.add(queued.get(index));
        }
        queue.removeIf(taken::contains);
        inFlight++;
        changed.signalAll();
        return new Sent(batch, group.tokens(), group.paddedTokens());
    }

    private Sent takeRequest() {
        List<Item> batch = new ArrayList<>();
        Request alone = queue.peek().request;
        while (!queue.isEmpty() && queue.peek().request == alone) batch.add(queue.poll());
        inFlight++;
        changed.signalAll();
        return new Sent(batch, 0, 0);
    }

    private void send(Sent sent) {
        List<Item> batch = sent.items();
        List<String> texts = new ArrayList<>(batch.size());
        IdentityHashMap<Request, Boolean> requests = new IdentityHashMap<>();
        long oldest = Long.MAX_VALUE;
        for (Item item : batch) {
            texts.add(item.text);
            requests.put(item.request, Boolean.TRUE);
            oldest = Math.min(oldest, item.enqueuedNanos);
        }
        long started = System.nanoTime();
        observer.dispatched(texts.size(), requests.size(), started - oldest, sent.tokens(), sent.paddedTokens());
        CompletableFuture<List<Classification>> call;
        try {
            call = classifier.classifyAsync(texts);
            if (settings.batchTimeout() != null) {
                call = call.orTimeout(settings.batchTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((results, error) -> finish(batch, results, error, started));
    }

    private void finish(List<Item> batch, List<Classification> results, Throwable error, long started) {
        Throwable failure = unwrap(error);
        if (failure == null && (results == null || results.size() != batch.size() || hasNull(results))) {
            failure = new IllegalStateException("the classifier returned %s results for %d texts"
                    .formatted(
                            results == null ? "no" : results.size() + (hasNull(results) ? " (some null)" : ""),
                            batch.size()));
        }
        try {
            if (failure != null) {
                BatchFailedException failed = new BatchFailedException(describe(failure, batch.size()), failure);
                for (Item item : batch) item.request.completeExceptionally(failed);
            } else {
                for (int i = 0; i < batch.size(); i++) batch.get(i).request.deliver(batch.get(i).index, results.get(i));
            }
        } finally {
            lock.lock();
            try {
                inFlight--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            observer.completed(batch.size(), System.nanoTime() - started, failure);
        }
    }

    private String describe(Throwable failure, int texts) {
        String what = failure instanceof TimeoutException
                ? "did not finish within " + settings.batchTimeout().toMillis() + " ms"
                : "failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return "the engine batch of %d texts holding this request's texts %s".formatted(texts, what);
    }

    private static boolean hasNull(List<Classification> results) {
        for (Classification result : results) {
            if (result == null) return true;
        }
        return false;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void dropQueued(Request request) {
        int dropped = 0;
        lock.lock();
        try {
            var it = queue.iterator();
            while (it.hasNext()) {
                if (it.next().request == request) {
                    it.remove();
                    dropped++;
                }
            }
            if (dropped > 0) changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) observer.dropped(dropped);
    }

    /** One request's future: completes when its last result arrives; cancelling it drops its queued texts. */
    private final class Request extends CompletableFuture<List<Classification>> {
        private final Classification[] results;
        private final AtomicInteger missing;

        Request(int size) {
            this.results = new Classification[size];
            this.missing = new AtomicInteger(size);
        }

        void deliver(int index, Classification result) {
            results[index] = result;
            if (missing.decrementAndGet() == 0) {
                complete(List.of(results));
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) dropQueued(this);
            return cancelled;
        }
    }
}
