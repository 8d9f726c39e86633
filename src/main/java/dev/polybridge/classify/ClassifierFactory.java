package dev.polybridge.classify;

import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;

/** Where {@code classify} gets its classifier: the sentiment engine on a {@link dev.polybridge.Polybridge}, or a stand-in in tests. */
@FunctionalInterface
public interface ClassifierFactory {

    /** @throws dev.polybridge.sentiment.ModelException when the model is missing or corrupt, before any work */
    TextClassifier open(SentimentOptions options);
}
