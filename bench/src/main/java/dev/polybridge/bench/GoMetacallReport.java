package dev.polybridge.bench;

import static dev.polybridge.bench.CompareReport.find;
import static dev.polybridge.bench.CompareReport.format;
import static dev.polybridge.bench.CompareReport.line;
import static dev.polybridge.bench.CompareReport.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** The Go + MetaCall part of the generated report section: its memory figure, its workers, polybridge's ratios. */
final class GoMetacallReport {

    private static final String POLYBRIDGE_WORKERS_PREFIX = Approaches.POLYBRIDGE_FP32 + "-workers-";

    private GoMetacallReport() {}

    static void render(StringBuilder md, JsonNode results) {
        JsonNode approaches = results.path("approaches");
        List<JsonNode> go = new ArrayList<>();
        for (JsonNode entry : approaches) {
            if (entry.path("approach").asText().startsWith(GoMetacall.NAME)) go.add(entry);
        }
        if (go.isEmpty()) return;
        line(md, "### Go + MetaCall");
        line(md, "");
        line(
                md,
                "The seed's approach, built here from MetaCall core 0.9.22 by `make metacall` (bench/metacall-go): "
                        + "Go reads the CSV with `encoding/csv`, goroutine workers take batches of 32 texts from a channel and "
                        + "each calls `metacall.Call(\"process_batch\", batch)`, which runs the transformers pipeline in the "
                        + "CPython MetaCall embeds. MetaCall's Go port hands every `Call` to one goroutine locked to one OS "
                        + "thread, so the calls run one at a time whatever the number of workers; inside a call, torch's "
                        + "intra-op pool uses the cores.");
        line(md, "");
        if (go.stream().noneMatch(entry -> entry.path("completed_runs").asInt() > 0)) {
            JsonNode failure = go.getFirst().path("failures").path(0);
            line(md, "**Not measured:** %s.".formatted(failure.path("failure").asText("no run completed")));
            line(md, "");
            return;
        }
        memoryFigure(md, go);
        workers(md, approaches);
        ratios(md, results);
    }

    private static void memoryFigure(StringBuilder md, List<JsonNode> go) {
        line(
                md,
                "**The seed's memory figure against the process's.** The seed reported Go's "
                        + "`runtime.MemStats.Alloc` (the Go heap: the texts and the results), which leaves out the embedded "
                        + "CPython, torch and the model; the meter measures the whole process:");
        line(md, "");
        line(
                md,
                "| approach | workers | items/s | Go heap (`MemStats.Alloc`, the seed's figure) | peak tree PSS | PSS ÷ Go heap |");
        line(md, "|---|---:|---:|---:|---:|---:|");
        for (JsonNode entry : go) {
            if (!entry.hasNonNull("go_alloc_mb")) continue;
            double heap = entry.get("go_alloc_mb").asDouble();
            line(
                    md,
                    "| %s | %s | %s | %s | %s | %s |"
                            .formatted(
                                    entry.path("approach").asText(),
                                    entry.path("workers").asText("n/a"),
                                    number(entry, "items_per_s", "%.1f"),
                                    format("%.2f MB", heap),
                                    number(entry, "peak_pss_mb", "%,.0f MB"),
                                    entry.hasNonNull("peak_pss_mb") && heap > 0
                                            ? format(
                                                    "%,.0f ×",
                                                    entry.get("peak_pss_mb").asDouble() / heap)
                                            : "n/a"));
        }
        line(md, "");
    }

    /** go-metacall and polybridge-fp32 at each worker count measured, one run each (the same repetition). */
    private static void workers(StringBuilder md, JsonNode approaches) {
        var go = new TreeMap<Integer, JsonNode>();
        var polybridge = new TreeMap<Integer, JsonNode>();
        for (JsonNode entry : approaches) {
            String name = entry.path("approach").asText();
            if (!entry.hasNonNull("workers")) continue;
            if (name.equals(GoMetacall.NAME) || name.startsWith(GoMetacall.WORKERS_PREFIX)) {
                go.put(entry.get("workers").asInt(), entry);
            } else if (name.equals(Approaches.POLYBRIDGE_FP32) || name.startsWith(POLYBRIDGE_WORKERS_PREFIX)) {
                polybridge.put(entry.get("workers").asInt(), entry);
            }
        }
        if (go.size() < 2) return;
        var counts = new TreeSet<>(go.keySet());
        counts.addAll(polybridge.keySet());
        line(
                md,
                "**Throughput against workers** (items/s; go-metacall: goroutines calling `metacall.Call`, the "
                        + "seed's count is `runtime.NumCPU()`; polybridge-fp32: `classify --workers N`, batch 32):");
        line(md, "");
        line(md, "| workers | go-metacall | polybridge-fp32 | polybridge ÷ go-metacall |");
        line(md, "|---:|---:|---:|---:|");
        for (int count : counts) {
            JsonNode ours = polybridge.get(count);
            JsonNode theirs = go.get(count);
            boolean both = ours != null
                    && theirs != null
                    && ours.hasNonNull("items_per_s")
                    && theirs.hasNonNull("items_per_s");
            line(
                    md,
                    "| %d | %s | %s | %s |"
                            .formatted(
                                    count,
                                    theirs == null ? "n/a" : number(theirs, "items_per_s", "%.1f"),
                                    ours == null ? "n/a" : number(ours, "items_per_s", "%.1f"),
                                    both
                                            ? format(
                                                    "%.2f ×",
                                                    ours.get("items_per_s").asDouble()
                                                            / theirs.get("items_per_s")
                                                                    .asDouble())
                                            : "n/a"));
        }
        line(md, "");
    }

    private static void ratios(StringBuilder md, JsonNode results) {
        var lines = new ArrayList<String>();
        for (String ours : List.of(Approaches.POLYBRIDGE_FP32, Approaches.POLYBRIDGE_INT8)) {
            for (String theirs : List.of(GoMetacall.NAME, GoMetacall.BATCHED)) {
                JsonNode pair = pair(results.path("pair_ratios"), ours, theirs);
                JsonNode a = find(results.path("approaches"), ours);
                JsonNode b = find(results.path("approaches"), theirs);
                if (pair == null || a == null || b == null) continue;
                String memory = a.hasNonNull("peak_pss_mb") && b.hasNonNull("peak_pss_mb")
                        ? format(
                                "; peak PSS %,.0f against %,.0f MB: **%.2f ×**",
                                a.get("peak_pss_mb").asDouble(),
                                b.get("peak_pss_mb").asDouble(),
                                a.get("peak_pss_mb").asDouble()
                                        / b.get("peak_pss_mb").asDouble())
                        : "";
                lines.add(format(
                        "- %s / %s: items/s **%.2f ×** (runs of the same repetition)%s.",
                        ours, theirs, pair.path("median").asDouble(), memory));
            }
        }
        if (lines.isEmpty()) return;
        line(md, "**polybridge against Go + MetaCall**, measured in this run:");
        line(md, "");
        lines.forEach(text -> line(md, text));
        line(md, "");
    }

    private static JsonNode pair(JsonNode pairs, String approach, String baseline) {
        for (JsonNode pair : pairs) {
            if (pair.path("approach").asText().equals(approach)
                    && pair.path("baseline").asText().equals(baseline)) {
                return pair;
            }
        }
        return null;
    }
}
