package dev.polybridge.regression;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Numeric rows ready to fit: {@code features} is rows × featureNames.size(), row-major.
 *
 * @param source         where the rows came from (file name), for messages
 * @param skippedColumns text columns left out because no cell in them is a number
 */
public record Dataset(
        String source,
        List<String> featureNames,
        String targetName,
        DMatrixRMaj features,
        double[] target,
        List<String> skippedColumns) {
    public Dataset {
        featureNames = List.copyOf(featureNames);
        skippedColumns = List.copyOf(skippedColumns);
        if (features.numCols != featureNames.size() || features.numRows != target.length) {
            throw new IllegalArgumentException("features are " + features.numRows + "×" + features.numCols
                    + " but there are " + featureNames.size() + " names and " + target.length + " targets");
        }
    }

    public int rows() {
        return features.numRows;
    }

    /** The given rows, in the given order. */
    public Dataset select(int[] rowIndices) {
        int columns = features.numCols;
        DMatrixRMaj selected = new DMatrixRMaj(rowIndices.length, columns);
        double[] selectedTarget = new double[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            System.arraycopy(features.data, rowIndices[i] * columns, selected.data, i * columns, columns);
            selectedTarget[i] = target[rowIndices[i]];
        }
        return new Dataset(source, featureNames, targetName, selected, selectedTarget, skippedColumns);
    }
}
