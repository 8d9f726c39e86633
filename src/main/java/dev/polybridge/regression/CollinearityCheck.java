package dev.polybridge.regression;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRPDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Rejects a rank-deficient design matrix before any solver sees it, naming the redundant columns.
 *
 * <p>The columns are scaled to unit length, so the test does not depend on units. The rank comes from Householder QR
 * with column pivoting: a diagonal entry of R below {@link #RELATIVE_TOLERANCE} times the first one counts as zero
 * (|R₁₁/Rₖₖ| bounds the scaled condition number from below, and past 1e10 fewer than six of a coefficient's sixteen
 * digits would be meaningful). Pivoting picks columns by size, not by position, so the columns to blame are found
 * by a second pass in file order: a column whose part orthogonal to the columns kept before it is below the same
 * tolerance is redundant (for a duplicated column, the copy is named, not the original).
 */
final class CollinearityCheck {
    static final double RELATIVE_TOLERANCE = 1e-10;
    /** Terms of a dependency smaller than this (on unit-length columns) are noise and left out of the message. */
    private static final double TERM_TOLERANCE = 1e-6;

    private CollinearityCheck() {}

    static void requireFullRank(DMatrixRMaj design, List<String> columnNames) {
        int columns = design.numCols;
        DMatrixRMaj scaled = design.copy();
        double[] norms = new double[columns];
        for (int c = 0; c < columns; c++) {
            norms[c] = columnNorm(scaled, c);
            if (norms[c] == 0) {
                throw new CollinearColumnsException(
                        "column \"" + columnNames.get(c) + "\" is all zeros: it cannot be fitted",
                        List.of(columnNames.get(c)));
            }
            for (int r = 0; r < scaled.numRows; r++) scaled.data[r * columns + c] /= norms[c];
        }
        QRPDecomposition_F64<DMatrixRMaj> qrp = DecompositionFactory_DDRM.qrp(scaled.numRows, columns);
        if (!qrp.decompose(scaled.copy())) throw new IllegalStateException("QR with column pivoting failed");
        int rank = rank(qrp);
        List<Integer> inColumnOrder = redundantInColumnOrder(scaled);
        if (rank == columns && inColumnOrder.isEmpty()) return;
        List<Integer> dependent = inColumnOrder.isEmpty()
                ? Arrays.stream(qrp.getColPivots(), rank, columns)
                        .sorted()
                        .boxed()
                        .toList()
                : inColumnOrder;
        int[] independent =
                IntStream.range(0, columns).filter(c -> !dependent.contains(c)).toArray();
        List<String> dependentNames = dependent.stream().map(columnNames::get).toList();
        List<String> relations = dependent.stream()
                .map(d -> relation(scaled, norms, independent, d, columnNames))
                .toList();
        throw new CollinearColumnsException(
                String.format(
                        Locale.ROOT,
                        "the columns are collinear (rank %d of %d at relative tolerance %.0e): %s; drop the redundant column%s %s",
                        Math.min(rank, columns - dependent.size()),
                        columns,
                        RELATIVE_TOLERANCE,
                        String.join("; ", relations),
                        dependentNames.size() == 1 ? "" : "s",
                        String.join(
                                ", ",
                                dependentNames.stream()
                                        .map(n -> "\"" + n + "\"")
                                        .toList())),
                dependentNames);
    }

    private static int rank(QRPDecomposition_F64<DMatrixRMaj> qrp) {
        DMatrixRMaj r = qrp.getR(null, true);
        double first = Math.abs(r.get(0, 0));
        int rank = 0;
        while (rank < qrp.getRank() && Math.abs(r.get(rank, rank)) > RELATIVE_TOLERANCE * first) rank++;
        return rank;
    }

    /** Gram–Schmidt in column order, orthogonalising twice so the residual norms are accurate to rounding. */
    private static List<Integer> redundantInColumnOrder(DMatrixRMaj scaled) {
        int rows = scaled.numRows;
        List<double[]> basis = new ArrayList<>();
        List<Integer> redundant = new ArrayList<>();
        for (int c = 0; c < scaled.numCols; c++) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) v[r] = scaled.get(r, c);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) dot += q[r] * v[r];
                    for (int r = 0; r < rows; r++) v[r] -= dot * q[r];
                }
            }
            double residual = Math.sqrt(Arrays.stream(v).map(x -> x * x).sum());
            if (residual <= RELATIVE_TOLERANCE) {
                redundant.add(c);
            } else {
                for (int r = 0; r < rows; r++) v[r] /= residual;
                basis.add(v);
            }
        }
        return redundant;
    }

    /** "a" ≈ 2 × "b" − 1 × "c", from the least-squares fit of the dependent column on the independent ones. */
    private static String relation(
            DMatrixRMaj scaled, double[] norms, int[] independent, int dependent, List<String> names) {
        int rows = scaled.numRows;
        DMatrixRMaj basis = new DMatrixRMaj(rows, independent.length);
        DMatrixRMaj target = new DMatrixRMaj(rows, 1);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < independent.length; k++) basis.set(r, k, scaled.get(r, independent[k]));
            target.set(r, 0, scaled.get(r, dependent));
        }
        DMatrixRMaj weights = new DMatrixRMaj(independent.length, 1);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(rows, independent.length);
        if (!solver.setA(basis)) throw new IllegalStateException("QR of the independent columns failed");
        solver.solve(target, weights);
        StringBuilder relation = new StringBuilder("\"" + names.get(dependent) + "\" ≈");
        boolean firstTerm = true;
        for (int k = 0; k < independent.length; k++) {
            double weight = weights.get(k, 0);
            if (Math.abs(weight) < TERM_TOLERANCE) continue;
            double inOriginalUnits = weight * norms[dependent] / norms[independent[k]];
            relation.append(firstTerm ? (inOriginalUnits < 0 ? " −" : " ") : (inOriginalUnits < 0 ? " − " : " + "))
                    .append(sixDigits(Math.abs(inOriginalUnits)))
                    .append(" × \"")
                    .append(names.get(independent[k]))
                    .append('"');
            firstTerm = false;
        }
        if (firstTerm) relation.append(" 0");
        return relation.toString();
    }

    private static String sixDigits(double value) {
        return new BigDecimal(value, new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static double columnNorm(DMatrixRMaj m, int column) {
        double sum = 0;
        for (int r = 0; r < m.numRows; r++) {
            double v = m.get(r, column);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }
}
