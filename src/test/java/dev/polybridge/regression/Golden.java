package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** A case written by scripts/regression_golden.py (numpy lstsq, checked against scikit-learn). */
record Golden(JsonNode json) {
    static final List<String> CASES = List.of(
            "boston-housing-intercept",
            "boston-housing-no-intercept",
            "boston-housing-goml-features-no-intercept",
            "boston-housing-classic-intercept",
            "boston-housing-classic-no-intercept");

    static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/regression/" + name + ".json")) {
            if (in == null)
                throw new IllegalStateException("no golden file for " + name + "; run scripts/regression_golden.py");
            return new Golden(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String data() {
        return json.get("data").asText();
    }

    String target() {
        return json.get("target").asText();
    }

    boolean intercept() {
        return json.get("intercept").asBoolean();
    }

    List<String> features() {
        return strings(json.get("features"));
    }

    List<String> skippedColumns() {
        return strings(json.get("skipped_columns"));
    }

    int[] indices(String which) {
        return StreamSupport.stream(json.get(which + "_indices").spliterator(), false)
                .mapToInt(JsonNode::asInt)
                .toArray();
    }

    double coefficient(String name) {
        return json.get("coefficients").get(name).asDouble();
    }

    double value(String section, String field) {
        return json.get(section).get(field).asDouble();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(
                error <= tolerance,
                () -> what + ": expected " + expected + ", got " + actual + " (relative error " + error + " > "
                        + tolerance + ")");
    }
}
