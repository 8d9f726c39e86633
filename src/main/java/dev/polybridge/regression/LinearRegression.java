package dev.polybridge.regression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Ordinary least squares with EJML; refuses inputs that would give a meaningless fit. */
public final class LinearRegression {
    private LinearRegression() {}

    public static LinearModel fit(Dataset train, Solver solver, boolean intercept) {
        List<String> columnNames = new ArrayList<>();
        if (intercept) columnNames.add(LinearModel.INTERCEPT_NAME);
        columnNames.addAll(train.featureNames());
        int rows = train.rows();
        int parameters = columnNames.size();
        if (rows <= parameters) {
            throw new InvalidDataException(String.format(
                    "%d training rows for %d parameters (%d features%s): a least-squares fit needs more rows than parameters",
                    rows, parameters, train.featureNames().size(), intercept ? " + intercept" : ""));
        }
        requireFinite(train);
        requireVaryingTarget(train);
        DMatrixRMaj design = designMatrix(train.features(), intercept);
        CollinearityCheck.requireFullRank(design, columnNames);
        DMatrixRMaj y = new DMatrixRMaj(rows, 1, true, train.target());
        double[] theta = switch (solver) {
            case QR -> solveByQr(design, y);
            case NORMAL_EQUATION -> solveByCholesky(design, y);
        };
        double[] coefficients = intercept ? Arrays.copyOfRange(theta, 1, theta.length) : theta;
        return new LinearModel(train.featureNames(), intercept, intercept ? theta[0] : 0, coefficients);
    }

    /** DatasetReader already refuses NaN and infinities; this guards datasets built through the API. */
    private static void requireFinite(Dataset train) {
        DMatrixRMaj x = train.features();
        double[] y = train.target();
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < x.numCols; c++) {
                double value = x.data[r * x.numCols + c];
                if (!Double.isFinite(value))
                    throw notFinite(train, r, train.featureNames().get(c), value);
            }
            if (!Double.isFinite(y[r])) throw notFinite(train, r, train.targetName(), y[r]);
        }
    }

    private static InvalidDataException notFinite(Dataset train, int row, String column, double value) {
        return new InvalidDataException(train.source() + " training row " + (row + 1) + ", column \"" + column + "\": "
                + value + " is not a finite number");
    }

    private static void requireVaryingTarget(Dataset train) {
        double[] y = train.target();
        for (double value : y) {
            if (value != y[0]) return;
        }
        throw new InvalidDataException(
                "target \"" + train.targetName() + "\" is " + y[0] + " in every training row: there is nothing to fit");
    }

    private static DMatrixRMaj designMatrix(DMatrixRMaj features, boolean intercept) {
        if (!intercept) return features.copy();
        DMatrixRMaj ones = new DMatrixRMaj(features.numRows, 1);
        ones.fill(1);
        return CommonOps_DDRM.concatColumnsMulti(ones, features);
    }

    private static double[] solveByQr(DMatrixRMaj design, DMatrixRMaj y) {
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(design.numRows, design.numCols);
        if (!solver.setA(design))
            throw new IllegalStateException("QR decomposition failed after the rank check passed");
        DMatrixRMaj theta = new DMatrixRMaj(design.numCols, 1);
        solver.solve(y, theta);
        return theta.data;
    }

    private static double[] solveByCholesky(DMatrixRMaj design, DMatrixRMaj y) {
        int parameters = design.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(parameters, parameters);
        CommonOps_DDRM.multTransA(design, design, gram);
        DMatrixRMaj moments = new DMatrixRMaj(parameters, 1);
        CommonOps_DDRM.multTransA(design, y, moments);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(parameters);
        if (!solver.setA(gram)) {
            throw new InvalidDataException(
                    "XᵀX is not numerically positive definite (the columns are nearly collinear); "
                            + "use the qr solver");
        }
        DMatrixRMaj theta = new DMatrixRMaj(parameters, 1);
        solver.solve(moments, theta);
        return theta.data;
    }
}
