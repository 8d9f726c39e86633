package dev.polybridge.api;

import dev.polybridge.classify.ClassifierFactory;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The service classifies with the real sentiment engine unless another {@link ClassifierFactory} bean (a test fake) is present. */
@Singleton
public class ClassifierFactoryProducer {

    @Produces
    @DefaultBean
    @Singleton
    ClassifierFactory sentiment() {
        return ClassifierFactory.SENTIMENT;
    }
}
