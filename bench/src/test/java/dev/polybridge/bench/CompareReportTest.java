package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CompareReportTest {

    @Test
    void rendersOneTableRowPerApproachWithItsFigures() throws IOException {
        String report = CompareReport.render(CannedResults.load(), "charts");

        assertThat(report)
                .contains("| python-single | 4.0 | 250.0 | 2.0 | n/a | 262.0 | 690 | 700 | 1.90 | 1.0 x | 1/1 |")
                .contains("| polybridge-fp32 | 60.0 | 16.7 | 9.0 | n/a | 30.0 | 800 | 820 | 1.80 | 15.0 x | 3/3 |")
                .contains("| polybridge-int8 | 100.0 | 10.0 | 9.0 | n/a | 22.0 | 480 | 500 | 1.70 | 25.0 x | 2/3 |")
                .contains("- polybridge-fp32 / python-single: **15.20** (15.20)")
                .contains("- polybridge-fp32 / python-onnxruntime-fp32: **0.92** (0.90, 0.92, 0.95)");
    }

    @Test
    void showsEachFastApproachAtItsOwnBestBatchSizeBesideTheCommonOne() throws IOException {
        ObjectNode results = CannedResults.load();
        var approaches = results.withArray("approaches");
        approaches
                .addObject()
                .put("approach", "polybridge-int8-b8")
                .put("items_per_s", 120.0)
                .put("peak_pss_mb", 430.0)
                .put("completed_runs", 1);
        approaches
                .addObject()
                .put("approach", "python-onnxruntime-int8-b8")
                .put("items_per_s", 150.0)
                .put("peak_pss_mb", 300.0)
                .put("completed_runs", 1);
        results.set("best_batch", Aggregate.bestBatch(approaches));

        String report = CompareReport.render(results, "charts");

        assertThat(report)
                .contains("**Each approach at its own best batch size**")
                .contains("| approach | batch 8 | batch 32 | best |")
                .contains("| polybridge-int8 | 120.0, 430 MB | 100.0, 480 MB | batch 8 |")
                .contains("| python-onnxruntime-int8 | 150.0, 300 MB | 174.0, 310 MB | batch 32 |")
                .contains("- polybridge-int8 at batch 8 / python-onnxruntime-int8 at batch 32: **0.69**");
    }

    @Test
    void statesTheModelMachineVersionsCommandAndRepetitions() throws IOException {
        String report = CompareReport.render(CannedResults.load(), "charts");

        assertThat(report)
                .contains("random weights: speed/memory only, labels meaningless")
                .contains("AMD EPYC 9R45, 2 cores, 23.5 GiB")
                .contains("graalpy 25.0.3")
                .contains("onnxruntime_java 1.24.1")
                .contains("torch 2.13.0+cpu")
                .contains("`bin/polybridge bench compare`")
                .contains(
                        "**Repetitions:** 3 of every fast approach, 1 of the slow ones (the CPython transformers baselines")
                .contains("`--slow-repetitions N` raises it");
    }

    @Test
    void flagsABusyMachineByItsLoadBeforeTheRunNotAfterItsOwnMemoryScan() throws IOException {
        ObjectNode results = CannedResults.load();
        assertThat(CompareReport.render(results, "charts"))
                .as("load 1.90 after, 0.10 before, on 2 cores")
                .doesNotContain("load above half the cores");

        ((ObjectNode) results.get("machine")).put("load_average_before", "1.20 0.80 0.40 1/100 1");
        assertThat(CompareReport.render(results, "charts")).contains("load above half the cores when the run started");
    }

    @Test
    void flagsFailedRunsAndFp32LabelDifferencesLoudly() throws IOException {
        String report = CompareReport.render(CannedResults.load(), "charts");

        assertThat(report)
                .contains("- **polybridge-int8**, repetition 2: killed by SIGSEGV")
                .contains("  # A fatal error has been detected")
                .contains("**LABELS DISAGREE")
                .contains("| polybridge-fp32 | 1000 | 998 | 2 | 0 | 1.0e-05 | **FAIL** |")
                .contains("| python-onnxruntime-int8 | 1000 | 993 | 7 | 0 | 0.030 | int8 differs |")
                .contains("| polybridge-int8 | | | | | | not compared (wrote no JSONL output) |");
    }

    @Test
    void showsTheMemoryScanWithCountsNotRunAndTheCeiling() throws IOException {
        String report = CompareReport.render(CannedResults.load(), "charts");

        assertThat(report)
                .contains("| 64 | 742 MB | not run: would need ~44.0 GiB, MemAvailable is 21.0 GiB (margin 2.0 GiB) |")
                .contains("- polybridge: 700 MB at 1 worker(s) to 742 MB at 64: +6.0%.")
                .contains("**400 GFLOP/s**")
                .contains("| polybridge-fp32 | 280 | 255 | +10% | 70% |")
                .contains("![peak memory against concurrent workers](charts/memory_vs_workers.svg)")
                .contains("Python multiprocessing 220 s and 4000 MB")
                .contains("every 250 ms (`--interval`)")
                .contains("(median) was: polybridge-fp32 0.4 s.")
                .contains("94 MB reported");
    }

    @Test
    void rendersTheTargetsItIsGiven() throws IOException {
        ObjectNode results = CannedResults.load();
        results.set("targets", Targets.evaluate(results));

        String report = CompareReport.render(results, "charts");

        assertThat(report)
                .contains(
                        "| polybridge-fp32 items/s >= 0.9 x python-onnxruntime-fp32 | PASS | 60.0 vs 65.0 items/s: 0.92 x |")
                .contains(
                        "| polybridge-int8 items/s >= 0.9 x python-onnxruntime-int8 | **MISS** | 100.0 vs 174.0 items/s: 0.57 x |")
                .contains("| polybridge peak PSS grows <= 10% from 1 to 64 workers | PASS | 700 -> 742 MB: +6.0% |");
    }

    @Test
    void saysWhereTheTimeGoes() throws IOException {
        String report = CompareReport.render(CannedResults.load(), "charts");

        assertThat(report)
                .contains("- polybridge-fp32: classification 16.7 s, of its 33.4 worker-seconds (2 worker(s) "
                        + "x 16.7 s): inside ONNX Runtime 28.0 s, tokenizing in GraalPy 2.5 s, the rest (bridge crossings, "
                        + "batching and sorting, warm-up, waiting for the GIL) 2.9 s, padding adds 10% tokens; "
                        + "python-onnxruntime-fp32 classifies in 15.4 s with padding +10%.");
    }
}
