package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine pads a batch's rows to the longest and masks the padding, so a row's logits do not depend on its batch. */
class OnnxEngineRunTest {
    private static final long[] SHORT = {101, 2204, 4511, 102};
    private static final long[] LONG = {101, 1037, 2843, 1998, 2204, 4511, 2007, 2070, 10630, 102};

    private static OnnxEngine engine;

    @BeforeAll
    static void open() {
        engine = OnnxEngine.open(TestModels.dir(TestModels.SST2).resolve(Precision.FP32.fileName()), 1);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void aShortRowPaddedBesideALongOneGetsTheLogitsItGetsAlone() {
        int labels = engine.numLabels();
        float[] alone = engine.run(new long[][] {SHORT}, 0);
        float[] besideLong = engine.run(new long[][] {LONG, SHORT}, 0);
        float[] longAlone = engine.run(new long[][] {LONG}, 0);

        assertThat(besideLong).hasSize(2 * labels);
        for (int label = 0; label < labels; label++) {
            assertThat(besideLong[labels + label]).isCloseTo(alone[label], offset(1e-4f));
            assertThat(besideLong[label]).isCloseTo(longAlone[label], offset(1e-4f));
        }
    }

    @Test
    void theRowsKeepTheirOrderInTheLogits() {
        int labels = engine.numLabels();
        float[] shortFirst = engine.run(new long[][] {SHORT, LONG}, 0);
        float[] longFirst = engine.run(new long[][] {LONG, SHORT}, 0);

        for (int label = 0; label < labels; label++) {
            assertThat(shortFirst[label]).isCloseTo(longFirst[labels + label], offset(1e-4f));
        }
    }

    @Test
    void anEmptyBatchOrARowWithoutIdsIsRefusedByPosition() {
        assertThatThrownBy(() -> engine.run(new long[0][], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine.run: a batch needs at least one row");
        assertThatThrownBy(() -> engine.run(new long[][] {SHORT, {}}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine.run: row 1 of the batch has no token ids");
    }

    @Test
    void aLargeBatchRunsInSlicesAndEachRowGetsTheLogitsItGetsAlone() {
        int labels = engine.numLabels();
        long[][] rows = new long[2 * OnnxEngine.RUN_MAX_ROWS + 3][];
        for (int r = 0; r < rows.length; r++) rows[r] = r % 3 == 0 ? LONG : SHORT;
        float[] shortAlone = engine.run(new long[][] {SHORT}, 0);
        float[] longAlone = engine.run(new long[][] {LONG}, 0);
        long runsBefore = engine.runs();

        float[] logits = engine.run(rows, 0);

        assertThat(engine.runs() - runsBefore).as("slices run").isEqualTo(3);
        assertThat(logits).hasSize(rows.length * labels);
        for (int r = 0; r < rows.length; r++) {
            float[] alone = rows[r] == LONG ? longAlone : shortAlone;
            for (int label = 0; label < labels; label++) {
                assertThat(logits[r * labels + label]).as("row %d", r).isCloseTo(alone[label], offset(1e-4f));
            }
        }
    }

    @Test
    void aSliceThatOnnxRuntimeRefusesIsNamedByItsRows() {
        long[][] rows = new long[2 * OnnxEngine.RUN_MAX_ROWS + 3][];
        for (int r = 0; r < rows.length; r++) rows[r] = SHORT;
        rows[OnnxEngine.RUN_MAX_ROWS + 4] = new long[] {101, 999_999_999L, 102};

        assertThatThrownBy(() -> engine.run(rows, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ONNX Runtime failed on rows 8-15 (8×4) of a 19-row batch: ");
    }
}
