package dev.polybridge.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Do two runs give the same labels? Reads JSONL outputs: bench/python's {index, label, score} lines, or classify's
 * records (no index: they are in input order, so the line's position is the index; error records have no label).
 */
final class LabelAgreement {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISAGREEMENTS_LISTED = 10;

    private LabelAgreement() {}

    record Result(String label, double score) {}

    /** @throws IOException naming the file and line of a malformed row or a repeated index */
    static Map<Integer, Result> read(Path jsonl) throws IOException {
        var results = new TreeMap<Integer, Result>();
        List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        int position = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            JsonNode row;
            try {
                row = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new IOException(jsonl + ":" + (i + 1) + ": not JSON: " + e.getOriginalMessage(), e);
            }
            int index = row.has("index") ? row.get("index").asInt() : position;
            position++;
            if (results.containsKey(index)) {
                throw new IOException(jsonl + ":" + (i + 1) + ": index " + index + " appears twice");
            }
            if (row.hasNonNull("label")) {
                results.put(
                        index,
                        new Result(row.get("label").asText(), row.path("score").asDouble(Double.NaN)));
            }
        }
        return results;
    }

    /**
     * compared, agree, disagree, missing (reference rows the other has no label for), extra, the largest score
     * difference where labels agree, and the first disagreements.
     */
    static ObjectNode compare(Map<Integer, Result> reference, Map<Integer, Result> other) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        int agree = 0;
        int disagree = 0;
        double maxScoreDifference = 0;
        var listed = report.arrayNode();
        var missing = new TreeSet<Integer>();
        for (var entry : reference.entrySet()) {
            Result theirs = other.get(entry.getKey());
            if (theirs == null) {
                missing.add(entry.getKey());
            } else if (theirs.label().equals(entry.getValue().label())) {
                agree++;
                maxScoreDifference = Math.max(
                        maxScoreDifference,
                        Math.abs(theirs.score() - entry.getValue().score()));
            } else {
                disagree++;
                if (listed.size() < DISAGREEMENTS_LISTED) {
                    listed.addObject()
                            .put("index", entry.getKey())
                            .put(
                                    "reference",
                                    entry.getValue().label() + " "
                                            + entry.getValue().score())
                            .put("other", theirs.label() + " " + theirs.score());
                }
            }
        }
        long extra = other.keySet().stream()
                .filter(index -> !reference.containsKey(index))
                .count();
        report.put("compared", agree + disagree);
        report.put("agree", agree);
        report.put("disagree", disagree);
        report.put("missing", missing.size());
        report.put("extra", extra);
        report.put("max_score_difference_when_agreeing", maxScoreDifference);
        report.set("first_disagreements", listed);
        return report;
    }
}
