package dev.polybridge.classify;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the rows of a UTF-8 CSV file with a header line, one {@link InputRow} per data record.
 *
 * <p>{@link CsvRecordScanner} finds where each record starts and ends (and recovers from broken
 * quoting); Apache Commons CSV then parses that one record's fields. A record that does not parse,
 * has a different number of fields than the header, is not UTF-8, or whose text is empty or binary
 * becomes an error row naming its line, and reading goes on with the next record. Blank lines are
 * skipped, as Commons CSV and pandas do.
 */
public final class CsvRowReader implements RowSource, Closeable {

    /** Records (and physical lines) longer than this are reported as errors: nearly always an unclosed quote. */
    public static final int MAX_RECORD_LENGTH = 1 << 20;

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

    private final CsvRecordScanner scanner;
    private final List<String> header;
    private final String column;
    private final int textIndex;
    private final int idIndex;
    private long records;

    private CsvRowReader(CsvRecordScanner scanner, List<String> header, String column, int textIndex, int idIndex) {
        this.scanner = scanner;
        this.header = header;
        this.column = column;
        this.textIndex = textIndex;
        this.idIndex = idIndex;
    }

    /**
     * Opens {@code input} and checks its header.
     *
     * @throws InputException when the file cannot be read, is empty, its header is malformed or has no {@code column}
     */
    public static CsvRowReader open(Path input, String column) {
        return open(openScanner(input), input.toString(), column);
    }

    /**
     * Reads CSV from a stream (an HTTP upload) as it arrives, never holding more than a record; {@code source}
     * names it in messages.
     *
     * @throws InputException when the stream is empty, its header is malformed or has no {@code column}
     */
    public static CsvRowReader open(InputStream input, String source, String column) {
        return open(
                new CsvRecordScanner(new PhysicalLineReader(input, MAX_RECORD_LENGTH), MAX_RECORD_LENGTH),
                source,
                column);
    }

    private static CsvRowReader open(CsvRecordScanner scanner, String source, String column) {
        try {
            List<String> header = readHeader(scanner, source);
            int textIndex = indexOf(header, column, source);
            return new CsvRowReader(scanner, header, column, textIndex, idColumn(header));
        } catch (RuntimeException e) {
            closeQuietly(scanner, e);
            throw e;
        }
    }

    /**
     * The number of data rows in {@code input}, counting no further than {@code atMost}: what {@link #next()} will
     * return, without parsing fields.
     */
    public static long countRows(Path input, long atMost) {
        try (CsvRecordScanner scanner = openScanner(input)) {
            long rows = -1;
            CsvRecordScanner.RawRecord raw;
            while (rows < atMost && (raw = scanner.next()) != null) {
                if (!raw.blank()) rows++;
            }
            return Math.max(rows, 0);
        } catch (IOException e) {
            throw new InputException("cannot read %s: %s".formatted(input, e.getMessage()), e);
        }
    }

    public List<String> header() {
        return header;
    }

    /** The name of the column the row ids come from, or null when ids are record numbers. */
    public String idColumn() {
        return idIndex < 0 ? null : header.get(idIndex);
    }

    /** The next row, or null after the last one. */
    @Override
    public InputRow next() {
        try {
            CsvRecordScanner.RawRecord raw;
            do {
                raw = scanner.next();
                if (raw == null) return null;
            } while (raw.blank());
            long record = ++records;
            return toRow(record, raw);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the input failed after record " + records, e);
        }
    }

    private InputRow toRow(long record, CsvRecordScanner.RawRecord raw) {
        String fallbackId = idIndex < 0 ? Long.toString(record) : "";
        if (raw.malformed() != null) {
            return InputRow.failed(
                    record, raw.firstLine(), fallbackId, "line %d: %s".formatted(raw.firstLine(), raw.malformed()));
        }
        List<String> fields;
        try {
            fields = parseFields(raw.text());
        } catch (MalformedRecord e) {
            return InputRow.failed(
                    record,
                    raw.firstLine(),
                    fallbackId,
                    "line %d: malformed CSV: %s".formatted(raw.firstLine(), e.getMessage()));
        }
        if (fields.size() != header.size()) {
            return InputRow.failed(
                    record,
                    raw.firstLine(),
                    fallbackId,
                    "line %d: expected %d fields as in the header, found %d"
                            .formatted(raw.firstLine(), header.size(), fields.size()));
        }
        String id = idIndex < 0 ? Long.toString(record) : fields.get(idIndex);
        if (raw.encodingError() != null) {
            return InputRow.failed(
                    record, raw.firstLine(), id, "line %d: %s".formatted(raw.firstLine(), raw.encodingError()));
        }
        String text = fields.get(textIndex);
        String problem = TextCheck.problem(text, column);
        if (problem != null) {
            return InputRow.failed(record, raw.firstLine(), id, "line %d: %s".formatted(raw.firstLine(), problem));
        }
        return InputRow.ok(record, raw.firstLine(), id, text);
    }

    private static List<String> parseFields(String recordText) throws MalformedRecord {
        List<CSVRecord> parsed;
        try (CSVParser parser = CSVParser.parse(recordText, FORMAT)) {
            parsed = parser.getRecords();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new MalformedRecord(e.getMessage());
        }
        if (parsed.size() != 1) {
            throw new MalformedRecord(
                    "the line holds %d records (a carriage return outside quotes?)".formatted(parsed.size()));
        }
        return parsed.getFirst().toList();
    }

    /** The text column is missing from the header, or named more than once. */
    public static final class ColumnException extends InputException {
        ColumnException(String message) {
            super(message);
        }
    }

    private static final class MalformedRecord extends Exception {
        MalformedRecord(String message) {
            super(message);
        }
    }

    private static CsvRecordScanner openScanner(Path input) {
        try {
            return new CsvRecordScanner(
                    new PhysicalLineReader(Files.newInputStream(input), MAX_RECORD_LENGTH), MAX_RECORD_LENGTH);
        } catch (NoSuchFileException e) {
            throw new InputException("input file %s does not exist".formatted(input));
        } catch (IOException e) {
            throw new InputException("cannot read input file %s: %s".formatted(input, e), e);
        }
    }

    private static List<String> readHeader(CsvRecordScanner scanner, String input) {
        try {
            CsvRecordScanner.RawRecord raw;
            do {
                raw = scanner.next();
                if (raw == null)
                    throw new InputException("input file %s is empty: expected a header line".formatted(input));
            } while (raw.blank());
            if (raw.malformed() != null)
                throw new InputException(
                        "%s line %d (the header): %s".formatted(input, raw.firstLine(), raw.malformed()));
            if (raw.encodingError() != null)
                throw new InputException(
                        "%s line %d (the header): %s".formatted(input, raw.firstLine(), raw.encodingError()));
            try {
                return List.copyOf(parseFields(raw.text()));
            } catch (MalformedRecord e) {
                throw new InputException("%s line %d (the header) is not valid CSV: %s"
                        .formatted(input, raw.firstLine(), e.getMessage()));
            }
        } catch (IOException e) {
            throw new InputException("cannot read input file %s: %s".formatted(input, e), e);
        }
    }

    private static int indexOf(List<String> header, String column, String input) {
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equals(column)) matches.add(i);
        }
        if (matches.isEmpty()) {
            throw new ColumnException("input %s has no column '%s'; its columns are %s (choose one with --column)"
                    .formatted(input, column, quoted(header)));
        }
        if (matches.size() > 1) {
            throw new ColumnException(
                    "input %s has %d columns named '%s' (positions %s); rename them so the text column is unambiguous"
                            .formatted(
                                    input,
                                    matches.size(),
                                    column,
                                    matches.stream().map(i -> i + 1).toList()));
        }
        return matches.getFirst();
    }

    /** An {@code id} column (any case), or a first column with an empty name as pandas writes its index; else -1. */
    private static int idColumn(List<String> header) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase("id")) return i;
        }
        return !header.isEmpty() && header.getFirst().isBlank() ? 0 : -1;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").toList().toString();
    }

    private static void closeQuietly(Closeable closeable, RuntimeException pending) {
        try {
            closeable.close();
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        try {
            scanner.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
