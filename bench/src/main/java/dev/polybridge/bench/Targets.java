package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Issue 7's goals, each PASS, MISS or NOT MEASURED with the numbers behind it. */
final class Targets {

    static final double THROUGHPUT_SHARE = 0.9;
    static final double CEILING_SHARE = 0.6;
    static final double PSS_ALLOWANCE_MB = 150;
    static final double MEMORY_GROWTH = 0.10;
    static final double TIME_BUDGET_S = 20 * 60;

    private Targets() {
    }

    static ArrayNode evaluate(JsonNode results) {
        ArrayNode targets = JsonNodeFactory.instance.arrayNode();
        JsonNode approaches = results.path("approaches");
        for (String precision : new String[] {"fp32", "int8"}) {
            JsonNode polybridge = find(approaches, "polybridge-" + precision);
            JsonNode onnxruntime = find(approaches, "python-onnxruntime-" + precision);
            String goal = "polybridge-%s items/s >= %.1f x python-onnxruntime-%s".formatted(precision, THROUGHPUT_SHARE,
                    precision);
            if (!has(polybridge, "items_per_s") || !has(onnxruntime, "items_per_s")) {
                notMeasured(targets, goal);
                continue;
            }
            double ours = polybridge.get("items_per_s").asDouble();
            double theirs = onnxruntime.get("items_per_s").asDouble();
            add(targets, goal, ours >= THROUGHPUT_SHARE * theirs, "%.1f vs %.1f items/s: %.2f x".formatted(ours, theirs,
                    ours / theirs));
        }
        JsonNode fp32 = find(approaches, Approaches.POLYBRIDGE_FP32);
        double peak = results.path("ceiling").path("onnxruntime").path("best_gflop_per_s").asDouble(0);
        String ceilingGoal = "polybridge-fp32 model GFLOP/s >= %.0f%% of the measured GEMM peak".formatted(CEILING_SHARE * 100);
        if (has(fp32, "achieved_gflop_per_s") && peak > 0) {
            double achieved = fp32.get("achieved_gflop_per_s").asDouble();
            add(targets, ceilingGoal, achieved >= CEILING_SHARE * peak, "%.0f of %.0f GFLOP/s: %.0f%%".formatted(achieved,
                    peak, 100 * achieved / peak));
        } else {
            notMeasured(targets, ceilingGoal);
        }
        for (String precision : new String[] {"fp32", "int8"}) {
            JsonNode polybridge = find(approaches, "polybridge-" + precision);
            JsonNode single = find(approaches, Approaches.PYTHON_SINGLE);
            JsonNode onnxruntime = find(approaches, "python-onnxruntime-" + precision);
            String singleGoal = "polybridge-%s peak PSS <= python-single's".formatted(precision);
            if (has(polybridge, "peak_pss_mb") && has(single, "peak_pss_mb")) {
                double ours = polybridge.get("peak_pss_mb").asDouble();
                double theirs = single.get("peak_pss_mb").asDouble();
                add(targets, singleGoal, ours <= theirs, "%.0f vs %.0f MB".formatted(ours, theirs));
            } else {
                notMeasured(targets, singleGoal);
            }
            String ortGoal = "polybridge-%s peak PSS <= python-onnxruntime-%s's + %.0f MB".formatted(precision, precision,
                    PSS_ALLOWANCE_MB);
            if (has(polybridge, "peak_pss_mb") && has(onnxruntime, "peak_pss_mb")) {
                double ours = polybridge.get("peak_pss_mb").asDouble();
                double theirs = onnxruntime.get("peak_pss_mb").asDouble();
                add(targets, ortGoal, ours <= theirs + PSS_ALLOWANCE_MB, "%.0f vs %.0f + %.0f MB (%+.0f MB)".formatted(
                        ours, theirs, PSS_ALLOWANCE_MB, ours - theirs));
            } else {
                notMeasured(targets, ortGoal);
            }
        }
        JsonNode growth = results.path("memory_growth").path("polybridge");
        String growthGoal = "polybridge peak PSS grows <= %.0f%% from 1 to 64 workers".formatted(MEMORY_GROWTH * 100);
        if (growth.isObject() && growth.path("from_workers").asInt() == 1 && growth.path("to_workers").asInt() == 64) {
            add(targets, growthGoal, growth.path("growth").asDouble() <= MEMORY_GROWTH, "%.0f -> %.0f MB: %+.1f%%"
                    .formatted(growth.path("from_pss_mb").asDouble(), growth.path("to_pss_mb").asDouble(),
                            100 * growth.path("growth").asDouble()));
        } else {
            ObjectNode target = notMeasured(targets, growthGoal);
            if (growth.isObject()) {
                target.put("detail", "only %d to %d workers measured: %+.1f%%".formatted(growth.path("from_workers")
                        .asInt(), growth.path("to_workers").asInt(), 100 * growth.path("growth").asDouble()));
            }
        }
        String timeGoal = "bench compare finishes within about 20 minutes";
        if (results.has("elapsed_s") && !results.path("options").path("quick").asBoolean()) {
            double elapsed = results.get("elapsed_s").asDouble();
            add(targets, timeGoal, elapsed <= TIME_BUDGET_S, "%.1f min".formatted(elapsed / 60));
        } else {
            ObjectNode target = notMeasured(targets, timeGoal);
            if (results.has("elapsed_s")) {
                target.put("detail", "%.1f min, but with --quick".formatted(results.get("elapsed_s").asDouble() / 60));
            }
        }
        return targets;
    }

    private static JsonNode find(JsonNode approaches, String name) {
        for (JsonNode entry : approaches) {
            if (entry.path("approach").asText().equals(name)) return entry;
        }
        return null;
    }

    private static boolean has(JsonNode entry, String key) {
        return entry != null && entry.hasNonNull(key);
    }

    private static void add(ArrayNode targets, String goal, boolean met, String detail) {
        targets.addObject().put("target", goal).put("status", met ? "PASS" : "MISS").put("detail", detail);
    }

    private static ObjectNode notMeasured(ArrayNode targets, String goal) {
        return targets.addObject().put("target", goal).put("status", "NOT MEASURED").put("detail", "not in this run");
    }
}
