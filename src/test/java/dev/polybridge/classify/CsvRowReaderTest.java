package dev.polybridge.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {

    private static List<InputRow> readAll(Path file, String column) {
        List<InputRow> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(file, column)) {
            for (InputRow row = reader.next(); row != null; row = reader.next()) rows.add(row);
        }
        assertEquals(rows.size(), CsvRowReader.countRows(file, Long.MAX_VALUE), "countRows agrees with next()");
        assertEquals(Math.min(rows.size(), 3), CsvRowReader.countRows(file, 3), "and stops at its bound");
        return rows;
    }

    @Test
    void readsEveryWineReviewInOrderWithItsIdAndLine() {
        List<InputRow> rows = readAll(TestData.wineReviews(), "description");
        assertEquals(10_001, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            InputRow row = rows.get(i);
            assertFalse(row.isError(), () -> "row " + row.id() + ": " + row.error());
            assertEquals(Integer.toString(i), row.id());
            assertEquals(i + 1, row.record());
            assertEquals(i + 2, row.line(), "one physical line per review, after the header");
        }
        assertTrue(
                rows.getFirst().text().startsWith("Aromas include tropical fruit, broom, brimstone and dried herb."));
        assertTrue(rows.get(32).text().startsWith("Part of the extended Calanìca series"), "non-ASCII text intact");
        assertTrue(
                rows.get(7437).text().startsWith("While this wine is labeled \"dry,\" it's technically not."),
                "doubled quotes inside a quoted field");
        assertTrue(rows.get(999).text().startsWith("Creamy and textural, this brings on a nice mix"));
    }

    /** Issue 19: the message said "line 2: line 2 is longer ...". */
    @Test
    void aLineOverOneMebibyteIsAnErrorRowThatSaysTheLimitOnce() throws java.io.IOException {
        String longLine = "2," + "x".repeat(CsvRowReader.MAX_RECORD_LENGTH) + "\n";
        byte[] csv = ("id,description\n1,short\n" + longLine + "3,after it\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<InputRow> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(new java.io.ByteArrayInputStream(csv), "upload", "description")) {
            for (InputRow row = reader.next(); row != null; row = reader.next()) rows.add(row);
        }
        assertEquals(3, rows.size());
        assertEquals(
                "line 3: the line is longer than 1048576 bytes, the most the reader takes in one line",
                rows.get(1).error());
        assertEquals("after it", rows.get(2).text(), "reading goes on after it");
    }

    /** Issue 19: a position past an emoji counted UTF-16 units. */
    @Test
    void positionsInMessagesCountCharactersNotUtf16Units() {
        assertEquals(
                "not text: control character U+0001 at character 3 of column 'description'",
                TextCheck.problem("🍷🍷\u0001", "description"));
    }

    @Test
    void idComesFromTheIdColumn() {
        try (CsvRowReader reader = CsvRowReader.open(TestData.wineReviews(), "description")) {
            assertEquals("id", reader.idColumn());
            assertEquals(14, reader.header().size());
        }
    }

    @Test
    void handlesQuotedCommasQuotesNewlinesBomCrlfAndUnicode() {
        List<InputRow> rows = readAll(TestData.crafted("quoting-bom-crlf.csv"), "description");
        assertEquals(
                List.of("1", "2", "3", "4", "5", "6"),
                rows.stream().map(InputRow::id).toList(),
                "the BOM does not hide the id column");
        assertEquals("Ripe, round and juicy", rows.get(0).text());
        assertEquals("She said \"superb\", and meant it", rows.get(1).text());
        assertEquals("First line\r\nsecond line\r\nthird line", rows.get(2).text());
        assertEquals("Crémant de Loire — élégant; 日本酒のような香り 🍷", rows.get(3).text());
        assertEquals("Trailing quote field", rows.get(5).text());
        assertEquals(
                List.of(2L, 3L, 4L, 7L, 8L, 9L),
                rows.stream().map(InputRow::line).toList(),
                "line numbers count the newlines inside quoted fields");
        assertTrue(rows.stream().noneMatch(InputRow::isError));
    }

    @Test
    void unclosedQuoteMidFileCostsOneRow() {
        List<InputRow> rows = readAll(TestData.crafted("unclosed-quote-mid.csv"), "description");
        assertEquals(5, rows.size());
        InputRow broken = rows.get(1);
        assertTrue(broken.isError());
        assertEquals(3, broken.line());
        assertTrue(broken.error().startsWith("line 3: malformed CSV"), broken.error());
        assertEquals(
                List.of("Good wine", "Still read", "Quoted again", "Multi\nline"),
                rows.stream().filter(r -> !r.isError()).map(InputRow::text).toList());
        assertEquals(
                List.of(2L, 3L, 4L, 5L, 6L), rows.stream().map(InputRow::line).toList());
    }

    @Test
    void unclosedQuoteAtEndOfFileIsReported() {
        List<InputRow> rows = readAll(TestData.crafted("unclosed-quote-eof.csv"), "description");
        assertEquals(3, rows.size());
        InputRow last = rows.getLast();
        assertTrue(last.isError());
        assertEquals(
                "line 4: malformed CSV: the quoted field opened at line 4 column 3 is never closed before the end of the file",
                last.error());
    }

    @Test
    void textAfterAClosingQuoteIsReported() {
        List<InputRow> rows = readAll(TestData.crafted("text-after-quote.csv"), "description");
        assertEquals(2, rows.size());
        assertTrue(
                rows.get(0).error().contains("unexpected 'w' after the closing quote"),
                rows.get(0).error());
        assertEquals("Next row", rows.get(1).text());
    }

    @Test
    void wrongFieldCountsAreReportedPerRow() {
        List<InputRow> rows = readAll(TestData.crafted("field-count.csv"), "description");
        assertEquals(4, rows.size());
        assertEquals(
                "line 3: expected 3 fields as in the header, found 5",
                rows.get(1).error());
        assertEquals(
                "line 4: expected 3 fields as in the header, found 2",
                rows.get(2).error());
        assertEquals("Right again", rows.get(3).text());
    }

    @Test
    void bytesThatAreNotUtf8MakeAnErrorRowNamingTheLine() {
        List<InputRow> rows = readAll(TestData.crafted("not-utf8.csv"), "description");
        assertEquals(3, rows.size());
        InputRow bad = rows.get(1);
        assertEquals("2", bad.id());
        assertEquals("line 3: not valid UTF-8 (byte 0xE9 at byte 5 of line 3); save the file as UTF-8", bad.error());
        assertEquals("After the bad line", rows.get(2).text());
    }

    @Test
    void emptyBlankAndBinaryTextsAreReportedNumbersAndLongTextsAreKept() {
        List<InputRow> rows = readAll(TestData.crafted("bad-text.csv"), "description");
        assertEquals(7, rows.size());
        assertEquals("line 3: empty text in column 'description'", rows.get(1).error());
        assertEquals("line 4: empty text in column 'description'", rows.get(2).error());
        assertEquals(
                "line 5: not text: control character U+0000 at character 4 of column 'description'",
                rows.get(3).error());
        assertEquals("12345", rows.get(4).text());
        assertEquals(6999, rows.get(5).text().length());
        assertEquals("Last good one", rows.get(6).text());
    }

    @Test
    void withoutAnIdColumnIdsAreRecordNumbersAndBlankLinesAreSkipped() {
        List<InputRow> rows = readAll(TestData.crafted("no-id-blank-lines.csv"), "description");
        assertEquals(List.of("1", "2", "3"), rows.stream().map(InputRow::id).toList());
        assertEquals(List.of(2L, 4L, 6L), rows.stream().map(InputRow::line).toList());
        try (CsvRowReader reader = CsvRowReader.open(TestData.crafted("no-id-blank-lines.csv"), "description")) {
            assertNull(reader.idColumn());
        }
    }

    @Test
    void aLineOfSpacesIsARowWithEmptyTextNotASkippedLine() {
        List<InputRow> rows = readAll(TestData.crafted("one-column-space-line.csv"), "description");
        assertEquals(List.of("1", "2", "3"), rows.stream().map(InputRow::id).toList());
        assertEquals("line 3: empty text in column 'description'", rows.get(1).error());
        assertEquals("Also good", rows.get(2).text());
    }

    @Test
    void pandasUnnamedIndexColumnGivesTheIds() {
        List<InputRow> rows = readAll(TestData.crafted("pandas-index.csv"), "description");
        assertEquals(List.of("10", "11"), rows.stream().map(InputRow::id).toList());
    }

    @Test
    void missingColumnNamesTheColumnsThereAre() {
        InputException e =
                assertThrows(InputException.class, () -> CsvRowReader.open(TestData.wineReviews(), "review"));
        assertTrue(e.getMessage().contains("has no column 'review'"), e.getMessage());
        assertTrue(e.getMessage().contains("'description'"), e.getMessage());
    }

    @Test
    void emptyFileAndMissingFileAreInputErrors() {
        assertTrue(assertThrows(
                        InputException.class, () -> CsvRowReader.open(TestData.crafted("empty.csv"), "description"))
                .getMessage()
                .contains("is empty"));
        assertTrue(
                assertThrows(InputException.class, () -> CsvRowReader.open(Path.of("no/such/file.csv"), "description"))
                        .getMessage()
                        .contains("does not exist"));
        assertEquals(List.of(), readAll(TestData.crafted("header-only.csv"), "description"));
    }
}
