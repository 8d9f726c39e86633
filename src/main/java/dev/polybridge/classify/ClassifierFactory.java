package dev.polybridge.classify;

import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;

/** Where {@code classify} gets its classifier: the sentiment engine, or a stand-in in tests. */
@FunctionalInterface
public interface ClassifierFactory {

    ClassifierFactory SENTIMENT = SentimentClassifier::open;

    /** @throws dev.polybridge.sentiment.ModelException when the model is missing or corrupt, before any work */
    TextClassifier open(SentimentOptions options);
}
