package dev.polybridge.api;

import dev.polybridge.classify.ClassifierFactory;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** Under {@link ServingProfile} the service classifies with a {@link ServiceFakeClassifier} instead of the real engine. */
@Alternative
@Singleton
public class FakeClassifiers implements ClassifierFactory {
    private volatile ServiceFakeClassifier current;
    private volatile SentimentOptions options;

    @Override
    public TextClassifier open(SentimentOptions options) {
        this.options = options;
        current = new ServiceFakeClassifier();
        return current;
    }

    public ServiceFakeClassifier current() {
        return current;
    }

    public SentimentOptions options() {
        return options;
    }
}
