package dev.polybridge.spark;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a partition going when the classifier fails a whole batch (the engine or the bridge threw), where
 * {@code classify} would stop: the batch is tried again one text at a time, and only the texts that fail alone
 * get error records. A partition is a Spark task, and a task that fails is retried whole, then fails the job.
 */
final class FailedBatchesAsErrors implements TextClassifier {

    private final TextClassifier classifier;
    private final AtomicLong failedBatches = new AtomicLong();

    FailedBatchesAsErrors(TextClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
        return attempt(texts).exceptionallyCompose(error -> {
            failedBatches.incrementAndGet();
            return oneByOne(texts, error);
        });
    }

    /** Batches that failed whole and were retried text by text. */
    long failedBatches() {
        return failedBatches.get();
    }

    private CompletableFuture<List<Classification>> attempt(List<String> texts) {
        try {
            return classifier.classifyAsync(texts);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<List<Classification>> oneByOne(List<String> texts, Throwable batchError) {
        if (texts.size() == 1) {
            return CompletableFuture.completedFuture(List.of(Classification.failed(describe(batchError))));
        }
        List<CompletableFuture<Classification>> singles = texts.stream()
                .map(text -> attempt(List.of(text))
                        .handle((results, error) -> error == null && results.size() == 1
                                ? results.getFirst()
                                : Classification.failed(
                                        error != null
                                                ? describe(error)
                                                : "the classifier returned %d results for 1 text"
                                                        .formatted(results.size()))))
                .toList();
        return CompletableFuture.allOf(singles.toArray(CompletableFuture[]::new))
                .thenApply(done -> singles.stream().map(CompletableFuture::join).toList());
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return "the classifier failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @Override
    public int[] lengths(List<String> texts) {
        return classifier.lengths(texts);
    }

    @Override
    public Map<String, Object> statistics() {
        return classifier.statistics();
    }

    @Override
    public String describe() {
        return classifier.describe();
    }

    @Override
    public void close() {
        classifier.close();
    }
}
