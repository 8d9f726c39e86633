package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A run's own figures, read from the summary it wrote, in one vocabulary for every approach (snake_case, seconds):
 * items, items_per_s (classification only), classify_s, load_s, startup_s, warmup_s, first_result_s (from the launch
 * of the process to its first classified rows), threads, padded_work (what bench/python/flops.py reads), workers,
 * go_alloc_bytes (Go's {@code runtime.MemStats.Alloc}, the seed's memory figure). A field the approach does not
 * report is absent.
 */
final class RunFigures {

    private RunFigures() {}

    /**
     * @param summary the summary (null when the run wrote none)
     * @param limit   the rows asked for, for an external command that reports nothing
     * @param wall    the measured wall time, ditto
     */
    static ObjectNode of(Approach.Kind kind, JsonNode summary, int limit, double wall) {
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        switch (kind) {
            case PYTHON, GO_METACALL -> {
                for (String key : new String[] {
                    "items",
                    "items_per_s",
                    "classify_s",
                    "load_s",
                    "startup_s",
                    "warmup_s",
                    "first_result_s",
                    "threads",
                    "padded_work",
                    "workers"
                }) {
                    if (summary.hasNonNull(key)) figures.set(key, summary.get(key));
                }
                if (summary.path("go_memstats").hasNonNull("alloc_bytes")) {
                    figures.put(
                            "go_alloc_bytes",
                            summary.path("go_memstats").path("alloc_bytes").asLong());
                }
            }
            case POLYBRIDGE -> {
                figures.put("items", summary.path("rowsThisRun").asLong());
                figures.put("items_per_s", summary.path("rowsPerSecond").asDouble());
                figures.put("classify_s", summary.path("classifySeconds").asDouble());
                figures.put("load_s", summary.path("modelLoadSeconds").asDouble());
                if (summary.hasNonNull("firstResultSeconds")) {
                    figures.put(
                            "first_result_s", summary.path("firstResultSeconds").asDouble());
                }
                figures.put("threads", summary.path("engine").asText());
                figures.put("workers", summary.path("workers").asInt());
                JsonNode stats = summary.path("pipelineStatistics");
                if (stats.hasNonNull("padded_token_squares")) {
                    ObjectNode work = figures.putObject("padded_work");
                    work.put("sequences", stats.path("sequences").asLong());
                    work.put("real_tokens", stats.path("tokens").asLong());
                    work.put("real_token_squares", stats.path("token_squares").asLong());
                    work.put("padded_tokens", stats.path("padded_tokens").asLong());
                    work.put(
                            "padded_token_squares",
                            stats.path("padded_token_squares").asLong());
                    // Summed over the calls in flight: with several workers, more than the wall time.
                    figures.put("tokenize_s", stats.path("tokenize_s").asDouble());
                    figures.put("engine_s", stats.path("engine_s").asDouble());
                }
            }
            case EXTERNAL -> {
                if (summary != null && summary.hasNonNull("items_per_s")) {
                    for (String key : new String[] {"items", "items_per_s", "classify_s", "load_s", "padded_work"}) {
                        if (summary.hasNonNull(key)) figures.set(key, summary.get(key));
                    }
                    figures.put("items_per_s_source", "the command's JSON summary");
                } else {
                    figures.put("items", limit);
                    figures.put("items_per_s", wall > 0 ? limit / wall : 0);
                    figures.put("items_per_s_source", "limit / wall time (start-up and load included)");
                }
            }
        }
        return figures;
    }
}
