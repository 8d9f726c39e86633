package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** However many workers call the engine, no more runs are inside ONNX Runtime at once than the cores can take. */
class OnnxEngineTurnsTest {

    @Test
    void batchesRunAtOnceAreCoresDividedByIntraOpThreadsAtLeastOne() {
        assertThat(OnnxEngine.concurrentRuns(2, 1)).isEqualTo(2);
        assertThat(OnnxEngine.concurrentRuns(2, 2)).isEqualTo(1);
        assertThat(OnnxEngine.concurrentRuns(8, 3)).isEqualTo(2);
        assertThat(OnnxEngine.concurrentRuns(1, 4)).isEqualTo(1);
    }

    @Test
    void byDefaultTheWorkersShareTheCoresAndAsSetWins() {
        int cores = Runtime.getRuntime().availableProcessors();
        Path dir = Path.of("models/any");
        assertThat(new SentimentOptions(dir, Precision.FP32, 1, 8, true, 0).threadsPerRun())
                .isEqualTo(cores);
        assertThat(new SentimentOptions(dir, Precision.INT8, 2, 32, true, 0).threadsPerRun())
                .isEqualTo(Math.max(1, cores / 2));
        assertThat(new SentimentOptions(dir, Precision.FP32, EngineLimits.MAX_WORKERS, 8, true, 0).threadsPerRun())
                .as("more workers than cores: at least one")
                .isEqualTo(Math.max(1, cores / EngineLimits.MAX_WORKERS));
        assertThat(new SentimentOptions(dir, Precision.FP32, 1, 32, true, 1).threadsPerRun())
                .as("as set")
                .isEqualTo(1);
        assertThat(new SentimentOptions(dir, Precision.FP32, 2, 8, true, 2).threadsPerRun())
                .isEqualTo(2);
    }

    @Test
    void sixteenThreadsCallingAtOnceNeverHaveMoreSlicesInsideThanTurnsAndAllGetTheirLogits() throws Exception {
        Path model = TestModels.dir(TestModels.TINY).resolve("model.ort");
        // intra-op 1: turns = cores, the most runs inside at once; each call's 3 slices are taken by it and helpers.
        try (OnnxEngine engine = OnnxEngine.open(model, 1)) {
            int turns = OnnxEngine.concurrentRuns(Runtime.getRuntime().availableProcessors(), 1);
            int batch = 2 * OnnxEngine.RUN_MAX_ROWS + 4;
            int seqLen = 64;
            long[][] rows = new long[batch][seqLen];
            for (long[] row : rows) {
                for (int i = 0; i < seqLen; i++) row[i] = i == 0 ? 101 : 1000 + i;
            }
            var results = new ArrayList<Future<float[]>>();
            try (var threads = Executors.newFixedThreadPool(16)) {
                for (int call = 0; call < 64; call++) {
                    results.add(threads.submit(() -> engine.run(rows, 0)));
                }
            }
            for (Future<float[]> result : results) {
                assertThat(result.get()).hasSize(batch * engine.numLabels());
            }
            assertThat(engine.runs()).isEqualTo(64 * 3);
            assertThat(engine.peakConcurrentRuns()).isBetween(1, turns);
            if (turns > 1) {
                assertThat(Thread.getAllStackTraces().keySet())
                        .as("helper threads took slices beside the callers")
                        .anyMatch(thread -> thread.getName().startsWith(OnnxEngine.SLICE_THREAD));
            }
        }
    }

    @Test
    void aRunAfterCloseIsRefused() {
        OnnxEngine engine = OnnxEngine.open(TestModels.dir(TestModels.TINY).resolve("model.ort"), 1);
        engine.close();
        assertThatThrownBy(() -> engine.run(new long[][] {{101, 102}}, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("model.ort is closed");
    }
}
