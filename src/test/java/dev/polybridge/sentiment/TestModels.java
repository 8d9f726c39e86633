package dev.polybridge.sentiment;

import dev.polybridge.bridge.TestBridge;
import dev.polybridge.classify.ClassifierFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Classifiers over the models `make models-test` prepares, on the test JVM's one Python context. */
public final class TestModels {
    public static final String TINY = "tiny-distilbert-random";
    public static final String SST2 = "sst2-minilm-distilbert-v2";
    /** {@code classify}'s classifiers, opened on the test JVM's shared polybridge. */
    public static final ClassifierFactory ON_THE_TEST_POLYBRIDGE =
            options -> SentimentClassifier.open(TestBridge.polybridge(), options);

    private static final Map<String, SentimentClassifier> OPEN = new ConcurrentHashMap<>();

    private TestModels() {}

    public static Path dir(String model) {
        Path dir = Path.of("models", model);
        if (!Files.isRegularFile(dir.resolve("model.ort"))) {
            throw new IllegalStateException(dir + " is not prepared: run make models-test (make test does it)");
        }
        return dir;
    }

    /** A copy of a prepared model's files in {@code target}, to break one of them. */
    public static Path copyOf(String model, Path target) throws IOException {
        Files.createDirectories(target);
        try (var files = Files.list(dir(model))) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    static SentimentClassifier classifier(String model, Precision precision) {
        return classifier(model, precision, 32, true);
    }

    static SentimentClassifier classifier(String model, Precision precision, int batchSize, boolean sortByLength) {
        var polybridge = TestBridge.polybridge();
        return OPEN.compute(
                model + "/" + precision + "/" + batchSize + "/" + sortByLength,
                (key, open) -> open != null && open.bridge() == polybridge.bridge()
                        ? open
                        : SentimentClassifier.open(
                                polybridge,
                                new SentimentOptions(
                                        dir(model),
                                        precision,
                                        TestBridge.CONFIG.workers(),
                                        batchSize,
                                        sortByLength,
                                        0)));
    }
}
