package dev.polybridge.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.CsvRowReader;
import dev.polybridge.classify.InputRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The golden files of scripts/make_golden.py, and the texts they were made from. */
public final class Golden {
    static final ObjectMapper JSON = new ObjectMapper();

    public record Row(String set, int index, JsonNode json) {}

    public record File(JsonNode header, List<Row> rows) {}

    private static List<String> wine;
    private static List<String> sst2Dev;
    private static List<Integer> sst2DevLabels;
    private static List<String> nasty;

    private Golden() {}

    public static File read(String name) {
        try (var in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Golden.class.getResourceAsStream("/golden/" + name)), StandardCharsets.UTF_8))) {
            JsonNode header = JSON.readTree(in.readLine());
            var rows = new ArrayList<Row>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode json = JSON.readTree(line);
                rows.add(new Row(json.get("set").asText(), json.get("index").asInt(), json));
            }
            return new File(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path shared(String relative) {
        String root =
                System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared"));
        return Path.of(root).resolve(relative);
    }

    /** The text a golden row was made from. */
    static String text(Row row) {
        return switch (row.set()) {
            case "wine" -> wine().get(row.index());
            case "sst2-dev" -> sst2Dev().get(row.index());
            case "nasty" -> nasty().get(row.index());
            case "fuzz" -> row.json().get("text").asText();
            default -> throw new IllegalArgumentException("unknown golden set " + row.set());
        };
    }

    static synchronized List<String> wine() {
        if (wine == null) {
            var texts = new ArrayList<String>();
            try (CsvRowReader reader = CsvRowReader.open(shared("data/wine-reviews-10k.csv"), "description")) {
                for (InputRow row = reader.next(); row != null; row = reader.next()) {
                    texts.add(row.isError() ? null : row.text());
                }
            }
            wine = texts;
        }
        return wine;
    }

    static synchronized List<String> sst2Dev() {
        if (sst2Dev == null) {
            try {
                var texts = new ArrayList<String>();
                var labels = new ArrayList<Integer>();
                List<String> lines = Files.readAllLines(shared("data/sst2-dev.tsv"), StandardCharsets.UTF_8);
                for (String line : lines.subList(1, lines.size())) {
                    int tab = line.lastIndexOf('\t');
                    texts.add(line.substring(0, tab));
                    labels.add(Integer.parseInt(line.substring(tab + 1).strip()));
                }
                sst2Dev = texts;
                sst2DevLabels = labels;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sst2Dev;
    }

    static List<Integer> sst2DevLabels() {
        sst2Dev();
        return sst2DevLabels;
    }

    static synchronized List<String> nasty() {
        if (nasty == null) {
            try (var in = Golden.class.getResourceAsStream("/nasty-strings.json")) {
                var texts = new ArrayList<String>();
                JSON.readTree(in).forEach(entry -> texts.add(entry.get("text").asText()));
                nasty = texts;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nasty;
    }

    /** First 16 hex digits of the SHA-256 of the text's UTF-8, as the golden rows record it. */
    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
