package dev.polybridge.api;

import dev.polybridge.classify.ClassifierFactory;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Commands and the service classify on the app's {@link SentimentRuntime} unless another {@link ClassifierFactory} bean (a test fake) is present. */
@Singleton
public class ClassifierFactoryProducer {

    @Produces
    @DefaultBean
    @Singleton
    ClassifierFactory sentiment(SentimentRuntime runtime) {
        return runtime::open;
    }
}
