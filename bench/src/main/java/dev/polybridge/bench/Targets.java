package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The goals of issues 7 and 16, each PASS, MISS or NOT MEASURED with the numbers behind it. */
final class Targets {

    static final double THROUGHPUT_SHARE = 0.9;
    static final double CEILING_SHARE = 0.6;
    static final double PSS_ALLOWANCE_MB = 150;
    static final double MEMORY_GROWTH = 0.10;
    static final double TIME_BUDGET_S = 20 * 60;
    /** Issue 16: peak PSS over python-onnxruntime's at every batch size, first result, end-to-end wall, best speed. */
    static final double LEAN_PSS_ALLOWANCE_MB = 250 * 1.048576;

    static final double FIRST_RESULT_S = 4;
    static final double WALL_SHARE = 1.3;
    static final double BEST_BATCH_SHARE = 1.0;

    private Targets() {}

    static ArrayNode evaluate(JsonNode results) {
        ArrayNode targets = JsonNodeFactory.instance.arrayNode();
        JsonNode approaches = results.path("approaches");
        for (String precision : new String[] {"fp32", "int8"}) {
            JsonNode polybridge = find(approaches, "polybridge-" + precision);
            JsonNode onnxruntime = find(approaches, "python-onnxruntime-" + precision);
            String goal = "polybridge-%s items/s >= %.1f x python-onnxruntime-%s"
                    .formatted(precision, THROUGHPUT_SHARE, precision);
            if (!has(polybridge, "items_per_s") || !has(onnxruntime, "items_per_s")) {
                notMeasured(targets, goal);
                continue;
            }
            double ours = polybridge.get("items_per_s").asDouble();
            double theirs = onnxruntime.get("items_per_s").asDouble();
            add(
                    targets,
                    goal,
                    ours >= THROUGHPUT_SHARE * theirs,
                    "%.1f vs %.1f items/s: %.2f x".formatted(ours, theirs, ours / theirs));
        }
        JsonNode fp32 = find(approaches, Approaches.POLYBRIDGE_FP32);
        double peak = results.path("ceiling")
                .path("onnxruntime")
                .path("best_gflop_per_s")
                .asDouble(0);
        String ceilingGoal =
                "polybridge-fp32 model GFLOP/s >= %.0f%% of the measured GEMM peak".formatted(CEILING_SHARE * 100);
        if (has(fp32, "achieved_gflop_per_s") && peak > 0) {
            double achieved = fp32.get("achieved_gflop_per_s").asDouble();
            add(
                    targets,
                    ceilingGoal,
                    achieved >= CEILING_SHARE * peak,
                    "%.0f of %.0f GFLOP/s: %.0f%%".formatted(achieved, peak, 100 * achieved / peak));
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
            String ortGoal = "polybridge-%s peak PSS <= python-onnxruntime-%s's + %.0f MB"
                    .formatted(precision, precision, PSS_ALLOWANCE_MB);
            if (has(polybridge, "peak_pss_mb") && has(onnxruntime, "peak_pss_mb")) {
                double ours = polybridge.get("peak_pss_mb").asDouble();
                double theirs = onnxruntime.get("peak_pss_mb").asDouble();
                add(
                        targets,
                        ortGoal,
                        ours <= theirs + PSS_ALLOWANCE_MB,
                        "%.0f vs %.0f + %.0f MB (%+.0f MB)".formatted(ours, theirs, PSS_ALLOWANCE_MB, ours - theirs));
            } else {
                notMeasured(targets, ortGoal);
            }
        }
        JsonNode growth = results.path("memory_growth").path("polybridge");
        String growthGoal = "polybridge peak PSS grows <= %.0f%% from 1 to 64 workers".formatted(MEMORY_GROWTH * 100);
        if (growth.isObject()
                && growth.path("from_workers").asInt() == 1
                && growth.path("to_workers").asInt() == 64) {
            add(
                    targets,
                    growthGoal,
                    growth.path("growth").asDouble() <= MEMORY_GROWTH,
                    "%.0f -> %.0f MB: %+.1f%%"
                            .formatted(
                                    growth.path("from_pss_mb").asDouble(),
                                    growth.path("to_pss_mb").asDouble(),
                                    100 * growth.path("growth").asDouble()));
        } else {
            ObjectNode target = notMeasured(targets, growthGoal);
            if (growth.isObject()) {
                target.put(
                        "detail",
                        "only %d to %d workers measured: %+.1f%%"
                                .formatted(
                                        growth.path("from_workers").asInt(),
                                        growth.path("to_workers").asInt(),
                                        100 * growth.path("growth").asDouble()));
            }
        }
        String timeGoal = "bench compare finishes within about 20 minutes";
        if (results.has("elapsed_s") && !results.path("options").path("quick").asBoolean()) {
            double elapsed = results.get("elapsed_s").asDouble();
            add(targets, timeGoal, elapsed <= TIME_BUDGET_S, "%.1f min".formatted(elapsed / 60));
        } else {
            ObjectNode target = notMeasured(targets, timeGoal);
            if (results.has("elapsed_s")) {
                target.put(
                        "detail",
                        "%.1f min, but with --quick"
                                .formatted(results.get("elapsed_s").asDouble() / 60));
            }
        }
        lean(targets, results);
        return targets;
    }

    /** Issue 16's goals. The first-result goal is for the full-size model (bench compare's default). */
    private static void lean(ArrayNode targets, JsonNode results) {
        JsonNode approaches = results.path("approaches");
        for (String precision : new String[] {"fp32", "int8"}) {
            for (JsonNode ours : approaches) {
                String name = ours.path("approach").asText();
                if (!Approaches.family(name).equals("polybridge-" + precision)) continue;
                int batch = Approaches.batchOf(name);
                String peerName =
                        "python-onnxruntime-" + precision + (batch == Approaches.COMMON_BATCH ? "" : "-b" + batch);
                JsonNode theirs = find(approaches, peerName);
                String goal = "polybridge-%s peak PSS <= python-onnxruntime-%s's + 250 MiB at batch %d"
                        .formatted(precision, precision, batch);
                if (has(ours, "peak_pss_mb") && has(theirs, "peak_pss_mb")) {
                    double a = ours.get("peak_pss_mb").asDouble();
                    double b = theirs.get("peak_pss_mb").asDouble();
                    add(
                            targets,
                            goal,
                            a <= b + LEAN_PSS_ALLOWANCE_MB,
                            "%.0f vs %.0f + %.0f MB (%+.0f MB)".formatted(a, b, LEAN_PSS_ALLOWANCE_MB, a - b));
                } else {
                    notMeasured(targets, goal);
                }
            }
            JsonNode ours = find(approaches, "polybridge-" + precision);
            JsonNode theirs = find(approaches, "python-onnxruntime-" + precision);
            String firstGoal = "polybridge-%s first classified rows <= %.0f s after launch (full-size model)"
                    .formatted(precision, FIRST_RESULT_S);
            if (has(ours, "first_result_s")) {
                double first = ours.get("first_result_s").asDouble();
                add(
                        targets,
                        firstGoal,
                        first <= FIRST_RESULT_S,
                        "%.1f s (python-onnxruntime-%s: %s)"
                                .formatted(
                                        first,
                                        precision,
                                        has(theirs, "first_result_s")
                                                ? "%.1f s"
                                                        .formatted(theirs.get("first_result_s")
                                                                .asDouble())
                                                : "n/a"));
            } else {
                notMeasured(targets, firstGoal);
            }
            String wallGoal = "polybridge-%s end-to-end wall <= %.1f x python-onnxruntime-%s's"
                    .formatted(precision, WALL_SHARE, precision);
            if (has(ours, "total_s") && has(theirs, "total_s")) {
                double a = ours.get("total_s").asDouble();
                double b = theirs.get("total_s").asDouble();
                add(targets, wallGoal, a <= WALL_SHARE * b, "%.1f vs %.1f s: %.2f x".formatted(a, b, a / b));
            } else {
                notMeasured(targets, wallGoal);
            }
            String bestGoal =
                    "polybridge-%s items/s at its best batch size >= %.1f x python-onnxruntime-%s's at its best"
                            .formatted(precision, BEST_BATCH_SHARE, precision);
            JsonNode ratio = null;
            for (JsonNode candidate : results.path("best_batch").path("ratios")) {
                if (candidate.path("precision").asText().equals(precision)) ratio = candidate;
            }
            if (ratio != null) {
                add(
                        targets,
                        bestGoal,
                        ratio.path("ratio").asDouble() >= BEST_BATCH_SHARE,
                        "batch %d vs batch %d: %.2f x"
                                .formatted(
                                        ratio.path("polybridge_batch_size").asInt(),
                                        ratio.path("python_onnxruntime_batch_size")
                                                .asInt(),
                                        ratio.path("ratio").asDouble()));
            } else {
                notMeasured(targets, bestGoal);
            }
        }
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
        targets.addObject()
                .put("target", goal)
                .put("status", met ? "PASS" : "MISS")
                .put("detail", detail);
    }

    private static ObjectNode notMeasured(ArrayNode targets, String goal) {
        return targets.addObject()
                .put("target", goal)
                .put("status", "NOT MEASURED")
                .put("detail", "not in this run");
    }
}
