package dev.polybridge.spark;

import dev.polybridge.Polybridge;
import dev.polybridge.classify.ClassifierFactory;
import dev.polybridge.classify.ClassifyRequest;
import dev.polybridge.classify.ClassifyRun;
import dev.polybridge.classify.OutputFormat;
import dev.polybridge.classify.ProgressReporter;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code classify} as the CLI runs it (ClassifyRun, the sentiment classifier, its default workers and batch size, sorted), in a
 * JVM of its own: {@code ClassifyMain INPUT OUTPUT.csv MODEL_DIR PRECISION}.
 */
public final class ClassifyMain {
    public static void main(String[] args) throws Exception {
        SentimentOptions sentiment = new SentimentOptions(
                Path.of(args[2]),
                Precision.valueOf(args[3]),
                SentimentOptions.DEFAULT_WORKERS,
                SentimentOptions.DEFAULT_BATCH_SIZE,
                true,
                0);
        ClassifyRequest request = new ClassifyRequest(
                Path.of(args[0]),
                Path.of(args[1]),
                "description",
                0,
                null,
                OutputFormat.CSV,
                false,
                sentiment,
                false,
                false,
                ProgressReporter.Mode.OFF,
                Duration.ofMinutes(1),
                null);
        ClassifierFactory sentimentOnItsOwnPolybridge =
                options -> SentimentClassifier.open(Polybridge.open(options.bridgeConfig()), options);
        System.exit(new ClassifyRun(sentimentOnItsOwnPolybridge, new PrintWriter(System.err, true)).execute(request));
    }
}
