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
    private final boolean collectGarbageBeforeSnapshots;
    private Polybridge polybridge;

    /** The service's: its memory report shows the heap each loading phase added, counted after full collections. */
    public SentimentRuntime() {
        this(true);
    }

    /**
     * @param collectGarbageBeforeSnapshots whether the memory attribution collects garbage before each snapshot
     *     ({@link Polybridge#open(dev.polybridge.bridge.BridgeConfig, boolean)}); a host that shows only the RSS and
     *     PSS each phase added does not need to
     */
    public SentimentRuntime(boolean collectGarbageBeforeSnapshots) {
        this.collectGarbageBeforeSnapshots = collectGarbageBeforeSnapshots;
    }

    /**
     * A classifier on the app's polybridge, which the first call opens sized for {@code options}, creating its model's
     * ONNX Runtime session while the context starts.
     */
    public synchronized TextClassifier open(SentimentOptions options) {
        if (polybridge == null) {
            SentimentClassifier first = SentimentClassifier.openWithItsPolybridge(
                    options.bridgeConfig(), options, collectGarbageBeforeSnapshots);
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
