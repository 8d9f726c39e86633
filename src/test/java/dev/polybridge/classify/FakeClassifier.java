package dev.polybridge.classify;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the sentiment engine: the label and score follow from a hash of the text, so every
 * run gives the same answer for the same text; batches finish after random short delays, so they
 * come back out of order. Texts over {@code maxChars} are marked truncated; texts containing
 * {@code FAIL-ME} fail; after {@code batchesBeforeCrash} calls every batch fails (a killed engine).
 */
public final class FakeClassifier implements TextClassifier {
    public static final int MAX_CHARS = 1000;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final int batchesBeforeCrash;
    private final int extraDelayMillis;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile boolean closed;

    public FakeClassifier() {
        this(Integer.MAX_VALUE);
    }

    public FakeClassifier(int batchesBeforeCrash) {
        this(batchesBeforeCrash, 0);
    }

    /** @param extraDelayMillis added to every batch, for a run slow enough to be killed midway */
    public FakeClassifier(int batchesBeforeCrash, int extraDelayMillis) {
        this.batchesBeforeCrash = batchesBeforeCrash;
        this.extraDelayMillis = extraDelayMillis;
    }

    public static Classification expected(String text) {
        if (text.contains("FAIL-ME")) return Classification.failed("simulated engine failure for this text");
        int h = text.hashCode();
        String label = (h & 1) == 0 ? "POSITIVE" : "NEGATIVE";
        return Classification.of(label, 0.5 + Math.floorMod(h, 499_999) / 1e6, text.length() > MAX_CHARS);
    }

    @Override
    public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
        if (calls.incrementAndGet() > batchesBeforeCrash) {
            return CompletableFuture.failedFuture(new IllegalStateException("simulated engine crash"));
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        Thread.sleep(
                                extraDelayMillis + ThreadLocalRandom.current().nextInt(3));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inFlight.decrementAndGet();
                    return texts.stream().map(FakeClassifier::expected).toList();
                },
                pool);
    }

    public int calls() {
        return calls.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String describe() {
        return "fake classifier (label from a hash of the text)";
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }
}
