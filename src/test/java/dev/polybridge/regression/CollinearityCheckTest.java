package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class CollinearityCheckTest {
    @Test
    void pivotingCatchesNearDependenceThatNoSingleColumnShowsInFileOrder() {
        // In file order each column is at least 1e-7 away from the ones before it, but a, b, c together span a
        // parallelepiped so thin that pivoted QR finds |R₃₃/R₁₁| ≈ 1e-11: the scaled condition number exceeds 1e10.
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {
            {1, 1, 1},
            {0, 1e-6, 1e-2},
            {0, 0, 1e-7},
            {0, 0, 0},
            {0, 0, 0}
        });
        CollinearColumnsException e = assertThrows(
                CollinearColumnsException.class, () -> CollinearityCheck.requireFullRank(x, List.of("a", "b", "c")));
        assertEquals(List.of("b"), e.dependentColumns());
        assertEquals(
                "the columns are collinear (rank 2 of 3 at relative tolerance 1e-10): \"b\" ≈ 0.9999 × \"a\" + 0.0001 × \"c\"; "
                        + "drop the redundant column \"b\"",
                e.getMessage());
    }

    @Test
    void wellConditionedColumnsPass() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1e-6}, {1, 1e-6}});
        CollinearityCheck.requireFullRank(x, List.of("a", "b"));
    }
}
