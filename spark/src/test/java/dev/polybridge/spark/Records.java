package dev.polybridge.spark;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Output records as the tests compare them: scores with classify's six decimals, errors without the row's place. */
record Records(String id, String label, String score, boolean truncated, String error) {

    /** classify's CSV output (id,line,label,score,truncated,error). */
    static List<Records> ofClassify(Path file) throws IOException {
        List<Records> records = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            for (CSVRecord r : CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)) {
                records.add(new Records(
                        r.get("id"),
                        r.get("label"),
                        r.get("score"),
                        Boolean.parseBoolean(r.get("truncated")),
                        withoutPlace(r.get("error"))));
            }
        }
        return records;
    }

    /** SparkClassify's CSV output directory (id,label,score,truncated,error), its part files in name order. */
    static List<Records> ofSpark(Path dir) throws IOException {
        List<Records> records = new ArrayList<>();
        for (Path part : partFiles(dir)) {
            try (Reader in = Files.newBufferedReader(part)) {
                for (CSVRecord r : CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(in)) {
                    String score = r.get("score").isEmpty()
                            ? ""
                            : String.format(Locale.ROOT, "%.6f", Double.parseDouble(r.get("score")));
                    records.add(new Records(
                            r.get("id"),
                            r.get("label"),
                            score,
                            Boolean.parseBoolean(r.get("truncated")),
                            withoutPlace(r.get("error"))));
                }
            }
        }
        return records;
    }

    /** The part files of a Spark output directory, in name order. */
    static List<Path> partFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
    }

    /** "line 12: empty text ..." (classify) and "record 11: empty text ..." (Spark) say the same. */
    private static String withoutPlace(String error) {
        return error.replaceFirst("^(line|record) \\d+: ", "");
    }
}
