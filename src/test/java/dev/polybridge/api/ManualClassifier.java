package dev.polybridge.api;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A classifier whose batches finish only when the test says so; each batch is recorded as a {@link Call}. */
class ManualClassifier implements TextClassifier {

    record Call(List<String> texts, CompletableFuture<List<Classification>> future) {
        void succeed() {
            future.complete(texts.stream().map(ManualClassifier::expected).toList());
        }

        void fail(RuntimeException cause) {
            future.completeExceptionally(cause);
        }
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    static Classification expected(String text) {
        return Classification.of(text.hashCode() % 2 == 0 ? "POSITIVE" : "NEGATIVE", text.length() / 1000.0, false);
    }

    /** The next batch the batcher sent; fails the test instead of hanging when none comes. */
    Call next() throws InterruptedException {
        Call call = calls.poll(60, TimeUnit.SECONDS);
        if (call == null) throw new AssertionError("the batcher sent no batch within 60 s");
        return call;
    }

    boolean hasPendingCall() {
        return !calls.isEmpty();
    }

    @Override
    public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
        var future = new CompletableFuture<List<Classification>>();
        calls.add(new Call(List.copyOf(texts), future));
        return future;
    }

    @Override
    public String describe() {
        return "manual test classifier";
    }

    @Override
    public void close() {}
}
