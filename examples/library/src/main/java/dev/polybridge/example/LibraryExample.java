package dev.polybridge.example;

import dev.polybridge.Polybridge;
import dev.polybridge.memory.MemoryReportTable;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import java.nio.file.Path;
import java.util.List;

/** polybridge as a library in a plain Java main: {@code LibraryExample MODEL_DIR} (a folder made by make model). */
public final class LibraryExample {
    public static void main(String[] args) {
        SentimentOptions options = SentimentOptions.defaults(Path.of(args[0]));
        try (Polybridge polybridge = Polybridge.open(options.bridgeConfig())) {
            polybridge.bridge().load("statistics"); // any module on the Python path
            System.out.println("median: " + polybridge.bridge().call("median", List.of(3, 1, 2)));

            SentimentClassifier classifier = SentimentClassifier.open(polybridge, options);
            for (Classification c :
                    classifier.classify(List.of("A wonderful, elegant wine.", "Thin, sour and flat."))) {
                System.out.println(c.label() + " " + c.score());
            }
            System.out.print(MemoryReportTable.format(polybridge.memoryReport()));
        }
    }
}
