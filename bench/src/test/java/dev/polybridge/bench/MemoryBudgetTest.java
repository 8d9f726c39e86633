package dev.polybridge.bench;

import static dev.polybridge.bench.MemoryBudget.Growth.PER_PROCESS;
import static dev.polybridge.bench.MemoryBudget.Growth.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    private static final long MB = 1_000_000;
    private static final long GIB = 1L << 30;

    @Test
    void processesPerWorkerAreProjectedProportionallyFromTheLargestCountMeasured() {
        var measured = new TreeMap<Integer, Long>();
        measured.put(1, 700 * MB);
        assertThat(MemoryBudget.projectedBytes(PER_PROCESS, measured, 64)).isEqualTo(64 * 700 * MB);
        measured.put(16, 10_400 * MB);
        assertThat(MemoryBudget.projectedBytes(PER_PROCESS, measured, 32)).isEqualTo(20_800 * MB);
    }

    @Test
    void beforeAnyMeasurementAProcessIsAssumedToNeedAGibibyte() {
        assertThat(MemoryBudget.projectedBytes(PER_PROCESS, new TreeMap<>(), 4)).isEqualTo(4 * GIB);
        assertThat(MemoryBudget.projectedBytes(SHARED, new TreeMap<>(), 4)).isZero();
    }

    @Test
    void aSharedProcessFollowsItsMeasuredTrendAndNeverShrinks() {
        var measured = new TreeMap<Integer, Long>();
        measured.put(1, 700 * MB);
        assertThat(MemoryBudget.projectedBytes(SHARED, measured, 64)).isEqualTo(700 * MB);
        measured.put(2, 710 * MB);
        assertThat(MemoryBudget.projectedBytes(SHARED, measured, 4)).isEqualTo(730 * MB);
        measured.put(4, 690 * MB);
        assertThat(MemoryBudget.projectedBytes(SHARED, measured, 8)).isEqualTo(690 * MB);
    }

    @Test
    void aRunIsRefusedWhenItsProjectionDoesNotFitInMemAvailableLessTheMargin() {
        var budget = new MemoryBudget(2 * GIB);

        assertThat(budget.refusal(18 * GIB, 20 * GIB)).isNull();
        assertThat(budget.refusal(18 * GIB + 1, 20 * GIB))
                .isEqualTo("not run: would need ~18.0 GiB, MemAvailable is 20.0 GiB (margin 2.0 GiB)");
        assertThat(budget.refusal(44 * GIB, 21 * GIB)).startsWith("not run: would need ~44.0 GiB");
    }

    @Test
    void scanRowsGiveEveryWorkerWorkAndNeverFewerThan64() {
        assertThat(CompareBenchmark.scanRows(1)).isEqualTo(64);
        assertThat(CompareBenchmark.scanRows(32)).isEqualTo(64);
        assertThat(CompareBenchmark.scanRows(64)).isEqualTo(128);
    }
}
