package dev.polybridge.api;

import dev.polybridge.Polybridge;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TextClassifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The app's {@link Polybridge}: the GraalPy context and the ONNX Runtime sessions, opened with the first classifier
 * (so commands that classify nothing never start Python). In Quarkus it is closed when Quarkus destroys its beans at
 * shutdown, after the service has drained its batches ({@link ClassificationService} observes the shutdown event
 * first); {@code classify}, which runs without Quarkus, closes its own when the command returns.
 */
@Singleton
public class SentimentRuntime implements AutoCloseable {
    private final boolean jvmFigures;
    private Polybridge polybridge;

    /** The service's: its memory report shows the heap each loading phase added, counted after full collections. */
    public SentimentRuntime() {
        this(true);
    }

    /**
     * @param jvmFigures whether the memory attribution's snapshots include the JVM's figures, each after a full
     *     collection ({@link Polybridge#open(dev.polybridge.bridge.BridgeConfig, boolean)}); a host that shows only
     *     the RSS and PSS each phase added does not need them
     */
    public SentimentRuntime(boolean jvmFigures) {
        this.jvmFigures = jvmFigures;
    }

    /**
     * A classifier on the app's polybridge, which the first call opens sized for {@code options}, creating its model's
     * ONNX Runtime session while the context starts.
     */
    public synchronized TextClassifier open(SentimentOptions options) {
        if (polybridge == null) {
            SentimentClassifier first =
                    SentimentClassifier.openWithItsPolybridge(options.bridgeConfig(), options, jvmFigures);
            polybridge = first.polybridge();
            return first;
        }
        return SentimentClassifier.open(polybridge, options);
    }

    /** The polybridge, once a classifier has opened it. */
    public synchronized Optional<Polybridge> polybridge() {
        return Optional.ofNullable(polybridge);
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (polybridge != null) {
            polybridge.close();
        }
    }
}
