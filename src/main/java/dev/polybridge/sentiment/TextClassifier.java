package dev.polybridge.sentiment;

import dev.polybridge.memory.PhaseDelta;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Classifies batches of texts; one {@link Classification} per input, in input order. */
public interface TextClassifier extends AutoCloseable {

    CompletableFuture<List<Classification>> classifyAsync(List<String> texts);

    /** Work counters for summaries (the sentiment pipeline's tokens, padding, seconds); empty when there are none. */
    default Map<String, Object> statistics() {
        return Map.of();
    }

    /**
     * How long each text is for the model, to group texts of similar length into a batch so it pads less.
     * By default the character count; a classifier that knows its tokenizer gives token counts.
     */
    default int[] lengths(List<String> texts) {
        return texts.stream().mapToInt(String::length).toArray();
    }

    /** What loading this classifier added to the process's memory, phase by phase; empty when nothing is measured. */
    default List<PhaseDelta> loadingMemory() {
        return List.of();
    }

    /** Describes the model, precision and engine, for summaries and reports. */
    String describe();

    @Override
    void close();
}
