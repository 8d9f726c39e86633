package dev.polybridge.regression;

import java.util.List;

/** The design matrix is (numerically) rank-deficient; {@link #dependentColumns()} names the redundant columns. */
public class CollinearColumnsException extends InvalidDataException {
    private final List<String> dependentColumns;

    public CollinearColumnsException(String message, List<String> dependentColumns) {
        super(message);
        this.dependentColumns = List.copyOf(dependentColumns);
    }

    public List<String> dependentColumns() {
        return dependentColumns;
    }
}
