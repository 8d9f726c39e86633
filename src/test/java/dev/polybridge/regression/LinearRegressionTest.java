package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LinearRegressionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Solver.class)
    void duplicatedColumnIsNamed(Solver solver) {
        Path file = HousingCsv.load()
                .addColumn("crim_copy", row -> row.apply("crim"))
                .write(dir, "duplicate.csv");
        CollinearColumnsException e = assertThrows(CollinearColumnsException.class, () -> fit(file, solver, true));
        assertEquals(List.of("crim_copy"), e.dependentColumns());
        assertEquals(
                "the columns are collinear (rank 13 of 14 at relative tolerance 1e-10): \"crim_copy\" ≈ 1 × \"crim\"; "
                        + "drop the redundant column \"crim_copy\"",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void linearCombinationOfColumnsIsSpelledOut(Solver solver) {
        Path file = HousingCsv.load()
                .addColumn(
                        "tax_and_rad",
                        row -> new BigDecimal(row.apply("tax"))
                                .subtract(new BigDecimal(row.apply("rad")).multiply(BigDecimal.valueOf(2)))
                                .toPlainString())
                .write(dir, "combination.csv");
        CollinearColumnsException e = assertThrows(CollinearColumnsException.class, () -> fit(file, solver, true));
        assertEquals(List.of("tax_and_rad"), e.dependentColumns());
        assertTrue(e.getMessage().contains(": \"tax_and_rad\" ≈ −2 × \"rad\" + 1 × \"tax\";"), e::getMessage);
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void constantColumnCollidesWithTheIntercept(Solver solver) {
        Path file = HousingCsv.load().addColumn("town_count", row -> "92").write(dir, "constant.csv");
        CollinearColumnsException e = assertThrows(CollinearColumnsException.class, () -> fit(file, solver, true));
        assertEquals(List.of("town_count"), e.dependentColumns());
        assertTrue(e.getMessage().contains("\"town_count\" ≈ 92 × \"(intercept)\""), e::getMessage);
        assertEquals(
                13,
                fit(file, solver, false).coefficients().length,
                "without intercept a constant column is a fine regressor");
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void allZeroColumnIsNamed(Solver solver) {
        Path file = HousingCsv.load().addColumn("zero", row -> "0").write(dir, "zero.csv");
        CollinearColumnsException e = assertThrows(CollinearColumnsException.class, () -> fit(file, solver, false));
        assertEquals("column \"zero\" is all zeros: it cannot be fitted", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void fewerRowsThanParametersIsAnError(Solver solver) {
        Path file = HousingCsv.load().keepDataRows(15).write(dir, "fifteen.csv");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> fit(file, solver, true));
        assertEquals(
                "12 training rows for 13 parameters (12 features + intercept): a least-squares fit needs more rows "
                        + "than parameters",
                e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void constantTargetIsAnError(Solver solver) {
        HousingCsv csv = HousingCsv.load();
        for (int row = 1; row <= 506; row++) csv.set(row, "mv", "50");
        Path file = csv.write(dir, "censored.csv");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> fit(file, solver, true));
        assertEquals("target \"mv\" is 50.0 in every training row: there is nothing to fit", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void nanThroughTheApiIsAnError(Solver solver) {
        Dataset data = DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of());
        DMatrixRMaj features = data.features().copy();
        features.set(9, 2, Double.NaN);
        Dataset withNan = new Dataset("api", data.featureNames(), "mv", features, data.target(), List.of());
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> LinearRegression.fit(withNan, solver, true));
        assertEquals("api training row 10, column \"indus\": NaN is not a finite number", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Solver.class)
    void predictingARowRejectsNan(Solver solver) {
        LinearModel model = LinearRegression.fit(
                DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of()), solver, true);
        double[] row = new double[12];
        row[5] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predict(row));
        assertEquals("feature \"rooms\" is NaN, not a finite number", e.getMessage());
    }

    private static LinearModel fit(Path file, Solver solver, boolean intercept) {
        return Regression.fitAndEvaluate(file, "mv", List.of(), new RegressionOptions(solver, intercept, 0.2, 42))
                .model();
    }
}
