package dev.polybridge.sentiment;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Classifies batches of texts; one {@link Classification} per input, in input order. */
public interface TextClassifier extends AutoCloseable {

    CompletableFuture<List<Classification>> classifyAsync(List<String> texts);

    /** Describes the model, precision and engine, for summaries and reports. */
    String describe();

    @Override
    void close();
}
