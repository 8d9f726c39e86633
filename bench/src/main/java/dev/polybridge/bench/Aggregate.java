package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** Per-approach medians over the runs that completed, per-pair ratios, memory growth over workers. */
final class Aggregate {

    private static final double MB = 1e6;

    private Aggregate() {}

    /** One entry per approach, in the charts.py schema (approach, items_per_s, ..., cpu_util) plus the rest. */
    static ArrayNode approaches(List<Approach> approaches, JsonNode runs, JsonNode ceiling) {
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        double peak = ceiling.path("onnxruntime").path("best_gflop_per_s").asDouble(0);
        OptionalDouble singleItems = OptionalDouble.empty();
        for (Approach approach : approaches) {
            List<JsonNode> ok = new ArrayList<>();
            ObjectNode entry = entries.addObject();
            entry.put("approach", approach.name());
            entry.put("precision", approach.precision());
            entry.put("threads", approach.threads());
            ArrayNode failures = entry.putArray("failures");
            int total = 0;
            for (JsonNode run : runs) {
                if (!run.path("approach").asText().equals(approach.name())) continue;
                total++;
                if (run.path("ok").asBoolean()) {
                    ok.add(run);
                } else {
                    failures.addObject()
                            .put("repetition", run.path("repetition").asInt())
                            .put("failure", run.path("failure").asText())
                            .put("stderr_tail", run.path("stderr_tail").asText());
                }
            }
            entry.put("runs", total);
            entry.put("completed_runs", ok.size());
            put(
                    entry,
                    "items_per_s",
                    median(ok, run -> run.path("figures").path("items_per_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "classify_s",
                    median(ok, run -> run.path("figures").path("classify_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "load_s",
                    median(ok, run -> run.path("figures").path("load_s").asDouble(Double.NaN)));
            put(entry, "total_s", median(ok, run -> run.path("wall_s").asDouble()));
            put(
                    entry,
                    "first_result_s",
                    median(ok, run -> run.path("figures").path("first_result_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "peak_pss_mb",
                    median(ok, run -> run.path("peak_pss_bytes").asLong() / MB));
            put(
                    entry,
                    "peak_rss_mb",
                    median(ok, run -> run.path("peak_rss_bytes").asLong() / MB));
            put(entry, "cpu_util", median(ok, run -> run.path("cpu_util").asDouble()));
            put(
                    entry,
                    "sampler_cpu_s",
                    median(ok, run -> run.path("sampler_cpu_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "achieved_gflop_per_s",
                    median(
                            ok,
                            run -> run.path("flops")
                                    .path("achieved_gflop_per_s")
                                    .asDouble(Double.NaN)));
            put(
                    entry,
                    "useful_gflop_per_s",
                    median(
                            ok,
                            run -> run.path("flops").path("useful_gflop_per_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "padding_overhead",
                    median(ok, run -> run.path("flops").path("padding_overhead").asDouble(Double.NaN)));
            put(
                    entry,
                    "tokenize_s",
                    median(ok, run -> run.path("figures").path("tokenize_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "engine_s",
                    median(ok, run -> run.path("figures").path("engine_s").asDouble(Double.NaN)));
            put(
                    entry,
                    "go_alloc_mb",
                    median(ok, run -> run.path("figures").path("go_alloc_bytes").asDouble(Double.NaN) / MB));
            // The peak is an fp32 MatMul's: int8 kernels are not measured against it.
            if (peak > 0 && entry.hasNonNull("achieved_gflop_per_s") && "fp32".equals(approach.precision())) {
                entry.put("ceiling_fraction", entry.get("achieved_gflop_per_s").asDouble() / peak);
            } else {
                entry.putNull("ceiling_fraction");
            }
            if (!ok.isEmpty()) {
                entry.set("threads_reported", ok.getFirst().path("figures").path("threads"));
                JsonNode workers = ok.getFirst().path("figures").path("workers");
                if (workers.isInt()) entry.put("workers", workers.asInt());
                entry.put(
                        "items_per_s_source",
                        ok.getFirst()
                                .path("figures")
                                .path("items_per_s_source")
                                .asText("the run's summary: items / classification time"));
            }
            if (approach.name().equals(Approaches.PYTHON_SINGLE) && entry.hasNonNull("items_per_s")) {
                singleItems = OptionalDouble.of(entry.get("items_per_s").asDouble());
            }
        }
        for (JsonNode entry : entries) {
            if (singleItems.isPresent() && entry.hasNonNull("items_per_s")) {
                ((ObjectNode) entry)
                        .put("ratio_to_python_single", entry.get("items_per_s").asDouble() / singleItems.getAsDouble());
            } else {
                ((ObjectNode) entry).putNull("ratio_to_python_single");
            }
        }
        return entries;
    }

    /**
     * Per python-onnxruntime and polybridge approach that ran at more than one batch size: its medians at each batch
     * size and the batch size of its highest items/s; then, per precision, polybridge's items/s at its best over
     * python-onnxruntime's at its best.
     */
    static ObjectNode bestBatch(JsonNode entries) {
        Map<String, TreeMap<Integer, JsonNode>> families = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String name = entry.path("approach").asText();
            if (!name.startsWith("python-onnxruntime-") && !name.startsWith("polybridge-")) continue;
            families.computeIfAbsent(Approaches.family(name), key -> new TreeMap<>())
                    .put(Approaches.batchOf(name), entry);
        }
        ObjectNode best = JsonNodeFactory.instance.objectNode();
        ObjectNode byFamily = best.putObject("approaches");
        families.forEach((family, byBatch) -> {
            if (byBatch.size() < 2) return;
            ObjectNode line = byFamily.putObject(family);
            ArrayNode batches = line.putArray("batches");
            int bestBatch = -1;
            double bestItems = -1;
            for (var at : byBatch.entrySet()) {
                JsonNode entry = at.getValue();
                ObjectNode point = batches.addObject().put("batch_size", at.getKey());
                for (String key : new String[] {"items_per_s", "peak_pss_mb", "first_result_s", "total_s"}) {
                    point.set(
                            key,
                            entry.path(key).isMissingNode() ? JsonNodeFactory.instance.nullNode() : entry.get(key));
                }
                point.put("completed_runs", entry.path("completed_runs").asInt());
                if (entry.hasNonNull("items_per_s") && entry.get("items_per_s").asDouble() > bestItems) {
                    bestItems = entry.get("items_per_s").asDouble();
                    bestBatch = at.getKey();
                }
            }
            if (bestBatch > 0) {
                line.put("best_batch_size", bestBatch);
                line.put("best_items_per_s", bestItems);
            }
        });
        ArrayNode ratios = best.putArray("ratios");
        for (String precision : new String[] {"fp32", "int8"}) {
            JsonNode ours = byFamily.path("polybridge-" + precision);
            JsonNode theirs = byFamily.path("python-onnxruntime-" + precision);
            if (!ours.hasNonNull("best_items_per_s") || !theirs.hasNonNull("best_items_per_s")) continue;
            ratios.addObject()
                    .put("precision", precision)
                    .put("polybridge_batch_size", ours.get("best_batch_size").asInt())
                    .put(
                            "python_onnxruntime_batch_size",
                            theirs.get("best_batch_size").asInt())
                    .put(
                            "ratio",
                            ours.get("best_items_per_s").asDouble()
                                    / theirs.get("best_items_per_s").asDouble());
        }
        return best;
    }

    /**
     * items/s ratios within each repetition: every approach over python-single, polybridge over python-onnxruntime
     * of the same precision, and polybridge over the Go + MetaCall seed, plain and batched.
     */
    static ArrayNode pairRatios(JsonNode runs) {
        Map<String, Map<Integer, Double>> itemsPerS = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            if (!run.path("ok").asBoolean() || !run.path("figures").has("items_per_s")) continue;
            itemsPerS
                    .computeIfAbsent(run.path("approach").asText(), key -> new TreeMap<>())
                    .put(
                            run.path("repetition").asInt(),
                            run.path("figures").path("items_per_s").asDouble());
        }
        ArrayNode pairs = JsonNodeFactory.instance.arrayNode();
        for (String approach : itemsPerS.keySet()) {
            if (!approach.equals(Approaches.PYTHON_SINGLE)) {
                addPair(pairs, itemsPerS, approach, Approaches.PYTHON_SINGLE);
            }
        }
        addPair(pairs, itemsPerS, Approaches.POLYBRIDGE_FP32, Approaches.ONNXRUNTIME_FP32);
        addPair(pairs, itemsPerS, Approaches.POLYBRIDGE_INT8, Approaches.ONNXRUNTIME_INT8);
        for (String polybridge : List.of(Approaches.POLYBRIDGE_FP32, Approaches.POLYBRIDGE_INT8)) {
            addPair(pairs, itemsPerS, polybridge, GoMetacall.NAME);
            addPair(pairs, itemsPerS, polybridge, GoMetacall.BATCHED);
        }
        return pairs;
    }

    private static void addPair(
            ArrayNode pairs, Map<String, Map<Integer, Double>> itemsPerS, String approach, String baseline) {
        if (!itemsPerS.containsKey(approach) || !itemsPerS.containsKey(baseline)) return;
        List<Double> ratios = Stats.pairRatios(itemsPerS.get(approach), itemsPerS.get(baseline));
        if (ratios.isEmpty()) return;
        ObjectNode pair = pairs.addObject();
        pair.put("approach", approach);
        pair.put("baseline", baseline);
        ratios.forEach(pair.putArray("ratios")::add);
        pair.put("median", Stats.median(ratios).getAsDouble());
    }

    /** Per scanned approach: peak PSS at the fewest and the most workers measured, and the growth between. */
    static ObjectNode memoryGrowth(JsonNode points) {
        Map<String, TreeMap<Integer, Double>> measured = new LinkedHashMap<>();
        for (JsonNode point : points) {
            if (!point.hasNonNull("peak_pss_mb")) continue;
            measured.computeIfAbsent(point.path("approach").asText(), key -> new TreeMap<>())
                    .put(
                            point.path("workers").asInt(),
                            point.path("peak_pss_mb").asDouble());
        }
        ObjectNode growth = JsonNodeFactory.instance.objectNode();
        measured.forEach((approach, byWorkers) -> {
            ObjectNode line = growth.putObject(approach);
            line.put("from_workers", byWorkers.firstKey());
            line.put("to_workers", byWorkers.lastKey());
            line.put("from_pss_mb", byWorkers.firstEntry().getValue());
            line.put("to_pss_mb", byWorkers.lastEntry().getValue());
            line.put(
                    "growth",
                    byWorkers.size() < 2
                            ? 0
                            : Stats.growth(
                                    byWorkers.firstEntry().getValue(),
                                    byWorkers.lastEntry().getValue()));
        });
        return growth;
    }

    private static OptionalDouble median(List<JsonNode> runs, ToDoubleFunction<JsonNode> figure) {
        List<Double> values = runs.stream()
                .mapToDouble(figure)
                .filter(value -> !Double.isNaN(value))
                .boxed()
                .toList();
        return Stats.median(values);
    }

    private static void put(ObjectNode entry, String key, OptionalDouble value) {
        if (value.isPresent()) {
            entry.put(key, value.getAsDouble());
        } else {
            entry.putNull(key);
        }
    }
}
