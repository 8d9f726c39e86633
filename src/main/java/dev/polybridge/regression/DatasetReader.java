package dev.polybridge.regression;

import dev.polybridge.classify.StrictUtf8Reader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.ejml.data.DMatrixRMaj;

/**
 * Reads a CSV file with a header row into a {@link Dataset}, choosing columns by name.
 *
 * <p>Every selected cell must be a finite decimal number; a missing value ({@code ""}, {@code NA}, {@code NaN}, ...)
 * or any other text is an error naming the line, the data row and the column. When no features are named, every
 * column except the target is a feature, except text columns (no cell is a number, some cell is text), which are
 * reported as skipped.
 */
public final class DatasetReader {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .get();
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "none", "?");
    /** Lines longer than this are refused (as classify's reader does): nearly always not a CSV file at all. */
    private static final int MAX_LINE_BYTES = 1 << 20;

    private DatasetReader() {}

    /**
     * @param target   the target column; null for the last column
     * @param features the feature columns in this order; empty for every numeric column except the target
     */
    public static Dataset read(Path file, String target, List<String> features) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString(), target, features);
        } catch (NoSuchFileException e) {
            throw new InvalidDataException("data file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads CSV from a stream as it arrives (an HTTP upload); {@code source} names it in messages.
     *
     * @throws InvalidDataException for anything wrong with the data, bytes that are not UTF-8 included (naming the
     *                              line and byte)
     */
    public static Dataset read(InputStream in, String source, String target, List<String> features) {
        Table table = readTable(in, source);
        int targetColumn = target == null ? table.header.size() - 1 : table.column(target, "target");
        List<Integer> featureColumns = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        if (features.isEmpty()) {
            for (int c = 0; c < table.header.size(); c++) {
                if (c == targetColumn) continue;
                if (table.isText(c)) skipped.add(table.header.get(c));
                else featureColumns.add(c);
            }
        } else {
            Set<String> seen = new HashSet<>();
            for (String name : features) {
                if (!seen.add(name)) throw new InvalidDataException("feature \"" + name + "\" is listed twice");
                int column = table.column(name, "feature");
                if (column == targetColumn) {
                    throw new InvalidDataException("\"" + name + "\" is the target; it cannot also be a feature");
                }
                featureColumns.add(column);
            }
        }
        if (featureColumns.isEmpty()) {
            throw new InvalidDataException(source + " has no numeric feature column besides the target \""
                    + table.header.get(targetColumn) + "\"");
        }
        return table.toDataset(targetColumn, featureColumns, skipped);
    }

    private static Table readTable(InputStream in, String source) {
        try {
            CSVParser parser;
            try {
                parser = FORMAT.parse(new StrictUtf8Reader(in, MAX_LINE_BYTES));
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(source + ": bad header row: " + withoutLibraryAdvice(e.getMessage()), e);
            }
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) throw new InvalidDataException(source + " is empty: no header row");
            List<String[]> cells = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    throw new InvalidDataException(source + " line " + parser.getCurrentLineNumber() + " has "
                            + record.size() + " fields but the header has " + header.size());
                }
                cells.add(record.values());
                lines.add(parser.getCurrentLineNumber());
            }
            if (cells.isEmpty()) throw new InvalidDataException(source + " has a header but no data rows");
            return new Table(source, header, cells, lines);
        } catch (CSVException e) {
            throw notCsv(source, e);
        } catch (StrictUtf8Reader.BadLineException e) {
            throw new InvalidDataException(source + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CSVException cause) throw notCsv(source, cause);
            if (e.getCause() instanceof StrictUtf8Reader.BadLineException bad) {
                throw new InvalidDataException(source + ": " + bad.getMessage(), bad);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static InvalidDataException notCsv(String source, CSVException e) {
        return new InvalidDataException(source + " is not valid CSV: " + e.getMessage(), e);
    }

    /** Commons CSV's duplicate-header message ends with advice for its own API, which means nothing to a user. */
    private static String withoutLibraryAdvice(String message) {
        int advice = message.indexOf(". If this is valid then use");
        return advice < 0 ? message : message.substring(0, advice) + "; rename one of them";
    }

    private record Table(String source, List<String> header, List<String[]> cells, List<Long> lines) {
        int column(String name, String role) {
            int index = header.indexOf(name);
            if (index < 0) {
                throw new InvalidDataException("unknown " + role + " column \"" + name + "\"; " + source
                        + " has columns " + String.join(", ", header));
            }
            return index;
        }

        /** No cell is a number and some cell is text; a column of nothing but missing values is not text. */
        boolean isText(int column) {
            boolean someText = false;
            for (String[] row : cells) {
                if (DECIMAL.matcher(row[column]).matches()) return false;
                someText |= !MISSING.contains(row[column].toLowerCase(Locale.ROOT));
            }
            return someText;
        }

        Dataset toDataset(int targetColumn, List<Integer> featureColumns, List<String> skipped) {
            int rows = cells.size();
            int width = featureColumns.size();
            int[] featurePosition = new int[header.size()];
            Arrays.fill(featurePosition, -1);
            for (int i = 0; i < width; i++) featurePosition[featureColumns.get(i)] = i;
            DMatrixRMaj features = new DMatrixRMaj(rows, width);
            double[] target = new double[rows];
            // Row by row, columns in file order, so the error reported is the first bad cell in the file.
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < header.size(); c++) {
                    if (featurePosition[c] >= 0) features.data[r * width + featurePosition[c]] = number(r, c);
                    else if (c == targetColumn) target[r] = number(r, c);
                }
            }
            List<String> names = featureColumns.stream().map(header::get).toList();
            return new Dataset(source, names, header.get(targetColumn), features, target, skipped);
        }

        private double number(int row, int column) {
            String cell = cells.get(row)[column];
            if (MISSING.contains(cell.toLowerCase(Locale.ROOT))) {
                throw cellError(row, column, "missing value" + (cell.isEmpty() ? "" : " (\"" + cell + "\")"));
            }
            if (!DECIMAL.matcher(cell).matches()) throw cellError(row, column, "\"" + cell + "\" is not a number");
            double value = Double.parseDouble(cell);
            if (!Double.isFinite(value)) throw cellError(row, column, "\"" + cell + "\" overflows a double");
            return value;
        }

        private InvalidDataException cellError(int row, int column, String problem) {
            return new InvalidDataException(source + " line " + lines.get(row) + " (data row " + (row + 1)
                    + "), column \"" + header.get(column) + "\": " + problem);
        }
    }
}
