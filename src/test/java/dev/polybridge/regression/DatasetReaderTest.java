package dev.polybridge.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsGoMlProjectFileSkippingTheTextColumn() {
        Dataset data = DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of());
        assertEquals(506, data.rows());
        assertEquals(
                List.of("crim", "zn", "indus", "chas", "nox", "rooms", "age", "dis", "rad", "tax", "ptratio", "lstat"),
                data.featureNames());
        assertEquals(List.of("neighborhood"), data.skippedColumns());
        assertEquals(0.00632, data.features().get(0, 0));
        assertEquals(4.98, data.features().get(0, 11));
        assertEquals(24.0, data.target()[0]);
    }

    @Test
    void readsClassicFileWithQuotedCells() {
        Dataset data = DatasetReader.read(SharedData.file(SharedData.CLASSIC), "medv", List.of());
        assertEquals(506, data.rows());
        assertEquals(13, data.featureNames().size());
        assertEquals(List.of(), data.skippedColumns());
        int chas = data.featureNames().indexOf("chas");
        assertEquals(0.0, data.features().get(0, chas));
        assertEquals(1.0, data.features().get(142, chas));
    }

    @Test
    void choosesFeaturesByNameInTheGivenOrder() {
        Dataset data = DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of("lstat", "crim"));
        assertEquals(List.of("lstat", "crim"), data.featureNames());
        assertEquals(4.98, data.features().get(0, 0));
        assertEquals(0.00632, data.features().get(0, 1));
    }

    @Test
    void targetDefaultsToTheLastColumn() {
        assertEquals(
                "medv",
                DatasetReader.read(SharedData.file(SharedData.CLASSIC), null, List.of())
                        .targetName());
    }

    @Test
    void nonNumericCellNamesLineRowAndColumn() {
        Path file = HousingCsv.load().set(17, "crim", "abc").write(dir, "text-cell.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("text-cell.csv line 18 (data row 17), column \"crim\": \"abc\" is not a number", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|missing value",
                "NA|missing value (\"NA\")",
                "NaN|missing value (\"NaN\")",
                "nan|missing value (\"nan\")",
                "1e400|\"1e400\" overflows a double",
                "Infinity|\"Infinity\" is not a number",
                "0x1p3|\"0x1p3\" is not a number",
                "1.5d|\"1.5d\" is not a number"
            })
    void missingNanAndNonDecimalCellsAreErrors(String cell, String problem) {
        Path file = HousingCsv.load().set(300, "tax", cell).write(dir, "bad-cell.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("bad-cell.csv line 301 (data row 300), column \"tax\": " + problem, e.getMessage());
    }

    @Test
    void missingTargetValueIsAnError() {
        Path file = HousingCsv.load().set(506, "mv", "").write(dir, "no-target.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("no-target.csv line 507 (data row 506), column \"mv\": missing value", e.getMessage());
    }

    @Test
    void columnOfOnlyMissingValuesIsAnErrorNotATextColumn() {
        Path file = HousingCsv.load().addColumn("survey", row -> "NA").write(dir, "empty-column.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("empty-column.csv line 2 (data row 1), column \"survey\": missing value (\"NA\")", e.getMessage());
    }

    @Test
    void textInAnUnselectedColumnIsIgnored() {
        Path file = HousingCsv.load().set(3, "tax", "n/a").write(dir, "unused.csv");
        assertEquals(
                2,
                DatasetReader.read(file, "mv", List.of("crim", "nox"))
                        .featureNames()
                        .size());
    }

    @Test
    void explicitlyChosenTextColumnIsAnError() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class,
                () -> DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of("crim", "neighborhood")));
        assertEquals(
                "boston-housing.csv line 2 (data row 1), column \"neighborhood\": \"Nahant\" is not a number",
                e.getMessage());
    }

    @Test
    void rowWithMissingFieldIsAnError() {
        Path file = HousingCsv.load().dropField(40).write(dir, "ragged.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("ragged.csv line 41 has 13 fields but the header has 14", e.getMessage());
    }

    @Test
    void unknownTargetListsTheColumns() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class,
                () -> DatasetReader.read(SharedData.file(SharedData.HOUSING), "medv", List.of()));
        assertEquals(
                "unknown target column \"medv\"; boston-housing.csv has columns neighborhood, crim, zn, indus, chas, "
                        + "nox, rooms, age, dis, rad, tax, ptratio, lstat, mv",
                e.getMessage());
    }

    @Test
    void unknownFeatureIsNamed() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class,
                () -> DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of("crim", "rm")));
        assertTrue(
                e.getMessage().startsWith("unknown feature column \"rm\"; boston-housing.csv has columns "),
                e::getMessage);
    }

    @Test
    void targetCannotBeAFeature() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class,
                () -> DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of("crim", "mv")));
        assertEquals("\"mv\" is the target; it cannot also be a feature", e.getMessage());
    }

    @Test
    void featureListedTwiceIsAnError() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class,
                () -> DatasetReader.read(SharedData.file(SharedData.HOUSING), "mv", List.of("crim", "nox", "crim")));
        assertEquals("feature \"crim\" is listed twice", e.getMessage());
    }

    @Test
    void headerWithoutRowsIsAnError() {
        Path file = HousingCsv.load().keepDataRows(0).write(dir, "header-only.csv");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("header-only.csv has a header but no data rows", e.getMessage());
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("empty.csv"), "");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "mv", List.of()));
        assertEquals("empty.csv is empty: no header row", e.getMessage());
    }

    @Test
    void duplicateHeaderIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("twice.csv"), "a,b,a\n1,2,3\n");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "b", List.of()));
        assertEquals(
                "twice.csv: bad header row: The header contains a duplicate name: \"a\" in [a, b, a]; rename one of them",
                e.getMessage(),
                "without Commons CSV's advice about its own API");
    }

    @Test
    void unterminatedQuoteIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("quote.csv"), "a,b\n1,2\n\"3,4\n");
        InvalidDataException e =
                assertThrows(InvalidDataException.class, () -> DatasetReader.read(file, "b", List.of()));
        assertTrue(e.getMessage().startsWith("quote.csv is not valid CSV: "), e::getMessage);
    }

    @Test
    void byteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(
                file,
                ("\uFEFF" + Files.readString(SharedData.file(SharedData.HOUSING))).getBytes(StandardCharsets.UTF_8));
        assertEquals(
                List.of("neighborhood"),
                DatasetReader.read(file, "mv", List.of()).skippedColumns());
    }

    @Test
    void missingFileIsAnError() {
        InvalidDataException e = assertThrows(
                InvalidDataException.class, () -> DatasetReader.read(dir.resolve("absent.csv"), "mv", List.of()));
        assertTrue(e.getMessage().endsWith("absent.csv does not exist"), e::getMessage);
    }
}
