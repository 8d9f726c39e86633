package dev.polybridge.bench;

import dev.polybridge.Polybridge;
import dev.polybridge.classify.CsvRowReader;
import dev.polybridge.classify.InputRow;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Items/s of the sentiment pipeline on one {@code process_batch} call per pass (sorted by length inside the call,
 * batches of {@code batchSize}), as the CPython + onnxruntime baseline does it, with the time split into
 * tokenization, the engine and the rest.
 */
public final class SentimentBenchmark {
    private final Path model;
    private final Precision precision;
    private final int batchSize;
    private final int repetitions;

    public SentimentBenchmark(Path model, Precision precision, int batchSize, int repetitions) {
        this.model = model;
        this.precision = precision;
        this.batchSize = batchSize;
        this.repetitions = repetitions;
    }

    public static List<String> firstTexts(Path csv, int limit) {
        var texts = new ArrayList<String>();
        try (CsvRowReader reader = CsvRowReader.open(csv, "description")) {
            for (InputRow row = reader.next(); row != null && texts.size() < limit; row = reader.next()) {
                if (!row.isError()) texts.add(row.text());
            }
        }
        return texts;
    }

    /** The options of this benchmark: one worker, sorted by length. */
    public SentimentOptions options() {
        return new SentimentOptions(model, precision, 1, batchSize, true, 0);
    }

    public Map<String, Object> run(Polybridge polybridge, List<String> texts) {
        long loadStarted = System.nanoTime();
        SentimentClassifier classifier = SentimentClassifier.open(polybridge, options());
        double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
        long warmStarted = System.nanoTime();
        classifier.classify(texts.subList(0, Math.min(texts.size(), 4 * batchSize)));
        double warmupSeconds = (System.nanoTime() - warmStarted) / 1e9;
        double[] wall = new double[repetitions];
        var passes = new ArrayList<Map<String, Object>>();
        List<Classification> last = null;
        for (int i = 0; i < repetitions; i++) {
            Map<String, Object> before = classifier.statistics();
            long engineBefore = classifier.engine().runNanos();
            long started = System.nanoTime();
            last = classifier.classify(texts);
            wall[i] = (System.nanoTime() - started) / 1e9;
            Map<String, Object> after = classifier.statistics();
            double engine = (classifier.engine().runNanos() - engineBefore) / 1e9;
            double tokenize = delta(after, before, "tokenize_s");
            var pass = new LinkedHashMap<String, Object>();
            pass.put("seconds", wall[i]);
            pass.put("items_per_s", texts.size() / wall[i]);
            pass.put("tokenize_s", tokenize);
            pass.put("engine_s", engine);
            pass.put("bridge_and_glue_s", wall[i] - tokenize - engine);
            pass.put("real_tokens", (long) delta(after, before, "tokens"));
            pass.put("padded_tokens", (long) delta(after, before, "padded_tokens"));
            passes.add(pass);
        }
        double[] sorted = wall.clone();
        Arrays.sort(sorted);
        double median = sorted[repetitions / 2];
        var result = new LinkedHashMap<String, Object>();
        result.put("items", texts.size());
        result.put("batch_size", batchSize);
        result.put("engine", classifier.describe());
        result.put("load_s", loadSeconds);
        result.put("warmup_s", warmupSeconds);
        result.put("median_seconds", median);
        result.put("median_items_per_s", texts.size() / median);
        result.put("passes", passes);
        result.put(
                "labels",
                last.stream()
                        .collect(java.util.stream.Collectors.groupingBy(
                                c -> c.isError() ? "error" : c.label(),
                                java.util.TreeMap::new,
                                java.util.stream.Collectors.counting())));
        return result;
    }

    private static double delta(Map<String, Object> after, Map<String, Object> before, String key) {
        return ((Number) after.get(key)).doubleValue() - ((Number) before.get(key)).doubleValue();
    }
}
