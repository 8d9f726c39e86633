package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static Map<String, String> statuses(JsonNode targets) {
        var statuses = new LinkedHashMap<String, String>();
        targets.forEach(target -> statuses.put(
                target.path("target").asText(),
                target.path("status").asText() + ": " + target.path("detail").asText()));
        return statuses;
    }

    @Test
    void eachGoalIsPassOrMissWithItsNumbers() throws IOException {
        Map<String, String> statuses = statuses(Targets.evaluate(CannedResults.load()));

        assertThat(statuses)
                .containsEntry(
                        "polybridge-fp32 items/s >= 0.9 x python-onnxruntime-fp32",
                        "PASS: 60.0 vs 65.0 items/s: 0.92 x")
                .containsEntry(
                        "polybridge-int8 items/s >= 0.9 x python-onnxruntime-int8",
                        "MISS: 100.0 vs 174.0 items/s: 0.57 x")
                .containsEntry(
                        "polybridge-fp32 model GFLOP/s >= 60% of the measured GEMM peak",
                        "PASS: 280 of 400 GFLOP/s: 70%")
                .containsEntry("polybridge-fp32 peak PSS <= python-single's", "MISS: 800 vs 690 MB")
                .containsEntry(
                        "polybridge-fp32 peak PSS <= python-onnxruntime-fp32's + 150 MB",
                        "MISS: 800 vs 620 + 150 MB (+180 MB)")
                .containsEntry(
                        "polybridge-int8 peak PSS <= python-onnxruntime-int8's + 150 MB",
                        "MISS: 480 vs 310 + 150 MB (+170 MB)")
                .containsEntry("polybridge peak PSS grows <= 10% from 1 to 64 workers", "PASS: 700 -> 742 MB: +6.0%")
                .containsEntry("bench compare finishes within about 20 minutes", "PASS: 18.5 min");
    }

    @Test
    void issue16GoalsSetPolybridgeAgainstTheOnnxRuntimeScriptAtEachBatchSizeAndAtEachBest() throws IOException {
        ObjectNode results = CannedResults.load();
        var approaches = results.withArray("approaches");
        ((ObjectNode) approaches.get(approaches.size() - 1)).put("first_result_s", 3.5);
        approaches
                .addObject()
                .put("approach", "polybridge-int8-b8")
                .put("items_per_s", 120.0)
                .put("peak_pss_mb", 430.0);
        approaches
                .addObject()
                .put("approach", "python-onnxruntime-int8-b8")
                .put("items_per_s", 150.0)
                .put("peak_pss_mb", 300.0);
        results.set("best_batch", Aggregate.bestBatch(approaches));

        Map<String, String> statuses = statuses(Targets.evaluate(results));

        assertThat(statuses)
                .containsEntry(
                        "polybridge-int8 peak PSS <= python-onnxruntime-int8's + 250 MiB at batch 32",
                        "PASS: 480 vs 310 + 262 MB (+170 MB)")
                .containsEntry(
                        "polybridge-int8 peak PSS <= python-onnxruntime-int8's + 250 MiB at batch 8",
                        "PASS: 430 vs 300 + 262 MB (+130 MB)")
                .containsEntry(
                        "polybridge-int8 first classified rows <= 4 s after launch (full-size model)",
                        "PASS: 3.5 s (python-onnxruntime-int8: n/a)")
                .containsEntry(
                        "polybridge-fp32 first classified rows <= 4 s after launch (full-size model)",
                        "NOT MEASURED: not in this run")
                .containsEntry(
                        "polybridge-int8 items/s at its best batch size >= 1.0 x python-onnxruntime-int8's at its best",
                        "MISS: batch 8 vs batch 32: 0.69 x");
    }

    @Test
    void whatWasNotRunIsNotMeasuredNotPassed() throws IOException {
        ObjectNode results = CannedResults.load();
        results.withArray("approaches").remove(3);
        ((ObjectNode) results.path("options")).put("quick", true);
        ((ObjectNode) results.path("memory_growth").path("polybridge")).put("to_workers", 8);

        Map<String, String> statuses = statuses(Targets.evaluate(results));

        assertThat(statuses)
                .containsEntry(
                        "polybridge-fp32 items/s >= 0.9 x python-onnxruntime-fp32", "NOT MEASURED: not in this run")
                .containsEntry(
                        "polybridge peak PSS grows <= 10% from 1 to 64 workers",
                        "NOT MEASURED: only 1 to 8 workers measured: +6.0%")
                .containsEntry(
                        "bench compare finishes within about 20 minutes", "NOT MEASURED: 18.5 min, but with --quick");
    }
}
