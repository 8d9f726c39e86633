package dev.polybridge.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * How output records are written, and read back when a run resumes. Both formats hold the same fields:
 * id, line, label, score, truncated, error and, with {@code --include-text}, text. Scores have six
 * decimals: enough for a probability, and a resumed run (whose batches are cut differently) writes the
 * same bytes as an uninterrupted one.
 */
public enum OutputFormat {
    CSV {
        @Override
        String header(boolean withText) {
            return withText ? "id,line,label,score,truncated,error,text\n" : "id,line,label,score,truncated,error\n";
        }

        @Override
        public String encode(OutputRecord r, boolean withText) {
            List<Object> values = new ArrayList<>(List.of(
                    r.id(),
                    r.line(),
                    nullToEmpty(r.label()),
                    r.score() == null ? "" : score(r.score()),
                    r.truncated(),
                    nullToEmpty(r.error())));
            if (withText) values.add(nullToEmpty(r.text()));
            return CSV_OUT.format(values.toArray()) + "\n";
        }

        @Override
        WrittenRecords readBack(Path file, boolean withText) throws IOException {
            WrittenRecords progress = new WrittenRecords();
            int fields = withText ? 7 : 6;
            try (CsvRecordScanner scanner = new CsvRecordScanner(
                    new PhysicalLineReader(Files.newInputStream(file), READ_BACK_LIMIT), READ_BACK_LIMIT)) {
                CsvRecordScanner.RawRecord header = scanner.next();
                if (header == null || !header.terminated() || !header(withText).equals(header.text())) {
                    return progress;
                }
                progress.endByte = header.endByte();
                CsvRecordScanner.RawRecord raw;
                while ((raw = scanner.next()) != null
                        && raw.terminated()
                        && raw.malformed() == null
                        && raw.encodingError() == null) {
                    List<String> values;
                    try (CSVParser parser = CSVParser.parse(raw.text(), CSV_IN)) {
                        List<CSVRecord> records = parser.getRecords();
                        if (records.size() != 1 || records.getFirst().size() != fields) break;
                        values = records.getFirst().toList();
                    } catch (UncheckedIOException | IllegalStateException e) {
                        break;
                    }
                    if (!progress.add(values.get(1), values.get(2), values.get(5))) break;
                    progress.endByte = raw.endByte();
                }
            }
            return progress;
        }
    },
    JSONL {
        @Override
        String header(boolean withText) {
            return "";
        }

        @Override
        public String encode(OutputRecord r, boolean withText) {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", r.id());
            node.put("line", r.line());
            node.put("label", r.label());
            if (r.score() == null) node.putNull("score");
            else node.put("score", Double.parseDouble(score(r.score())));
            node.put("truncated", r.truncated());
            node.put("error", r.error());
            if (withText) node.put("text", r.text());
            try {
                return JSON.writeValueAsString(node) + "\n";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        WrittenRecords readBack(Path file, boolean withText) throws IOException {
            WrittenRecords progress = new WrittenRecords();
            try (PhysicalLineReader lines = new PhysicalLineReader(Files.newInputStream(file), READ_BACK_LIMIT)) {
                PhysicalLineReader.Line line;
                while ((line = lines.next()) != null
                        && line.terminated()
                        && !line.overLong()
                        && line.encodingError() == null) {
                    JsonNode node;
                    try {
                        node = JSON.readTree(line.text());
                    } catch (IOException e) {
                        break;
                    }
                    if (node == null || !node.isObject() || !node.has("line")) break;
                    if (!progress.add(
                            node.path("line").asText(),
                            node.path("label").asText(""),
                            node.path("error").asText(""))) break;
                    progress.endByte = line.endByte();
                }
            }
            return progress;
        }
    };

    /** The complete records at the start of a partial output: how many, where they end, the last input line, labels and failures. */
    static final class WrittenRecords {
        long records;
        long endByte;
        long lastLine;
        final Map<String, Long> labels = new TreeMap<>();
        long failed;

        private boolean add(String line, String label, String error) {
            try {
                lastLine = Long.parseLong(line);
            } catch (NumberFormatException e) {
                return false;
            }
            records++;
            if (!label.isEmpty()) labels.merge(label, 1L, Long::sum);
            if (!error.isEmpty()) failed++;
            return true;
        }
    }

    private static final int READ_BACK_LIMIT = 8 * CsvRowReader.MAX_RECORD_LENGTH;
    private static final CSVFormat CSV_OUT = CSVFormat.RFC4180;
    private static final CSVFormat CSV_IN = CSVFormat.RFC4180;
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract String header(boolean withText);

    /** One record as written to the output (a line, for JSONL); the service streams the same JSONL. */
    public abstract String encode(OutputRecord record, boolean withText);

    /** Reads the complete records at the start of {@code file}; a torn or unreadable tail ends the count. */
    abstract WrittenRecords readBack(Path file, boolean withText) throws IOException;

    /** The format a file name implies: {@code .csv}, or {@code .jsonl} / {@code .ndjson}; null for any other. */
    public static OutputFormat fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return CSV;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return JSONL;
        return null;
    }

    static String score(double score) {
        return String.format(Locale.ROOT, "%.6f", score);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
