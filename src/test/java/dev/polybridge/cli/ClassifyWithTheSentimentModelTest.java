package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.CsvRowReader;
import dev.polybridge.classify.InputRow;
import dev.polybridge.classify.PartialOutput;
import dev.polybridge.classify.TestData;
import dev.polybridge.cli.ClassifyCli.Run;
import dev.polybridge.sentiment.Golden;
import dev.polybridge.sentiment.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify} end to end with the real engine (GraalPy tokenizer + ONNX Runtime) on the test JVM's one context. */
class ClassifyWithTheSentimentModelTest {
    @TempDir
    Path dir;

    private static Run classify(Object... args) {
        return ClassifyCli.classify(TestModels.ON_THE_TEST_POLYBRIDGE, args);
    }

    @Test
    void wineReviewLabelsAreTheTransformersPipelineLabels() throws IOException {
        Path out = dir.resolve("wine.csv");
        Path summary = dir.resolve("summary.json");
        Run run = classify(
                "--input",
                TestData.wineReviews(),
                "--output",
                out,
                "--limit",
                300,
                "--model",
                TestModels.dir(TestModels.SST2),
                "--summary-json",
                summary);
        assertEquals(0, run.exit(), run.err());
        List<CSVRecord> records = ClassifyCli.csvRecords(out);
        assertEquals(300, records.size());
        List<String> mismatches = new ArrayList<>();
        for (Golden.Row row : Golden.read("sst2-minilm-distilbert-v2.jsonl.gz").rows()) {
            if (!row.set().equals("wine") || row.index() >= 300) continue;
            CSVRecord record = records.get(row.index());
            assertEquals(Integer.toString(row.index()), record.get("id"));
            String expected = row.json().get("label").asText();
            if (!expected.equals(record.get("label")))
                mismatches.add("row " + row.index() + ": " + record.get("label") + " vs " + expected);
            assertEquals(
                    row.json().get("score").asDouble(),
                    Double.parseDouble(record.get("score")),
                    1e-4,
                    "row " + row.index());
        }
        assertEquals(List.of(), mismatches);

        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(300, json.get("rows").asLong());
        assertTrue(json.get("rowsPerSecond").asDouble() > 0);
        assertTrue(json.get("peakPssBytes").asLong() > 0, json.toString());
        assertTrue(run.err().contains("rows/s"), run.err());
        assertTrue(run.err().contains("peak PSS"), run.err());
    }

    @Test
    void longEmptyNonTextAndNonAsciiTextsEachGetTheirRecord() throws IOException {
        String review = firstWineReview();
        List<String> texts = List.of(
                String.join(" ", Collections.nCopies(40, review)),
                "",
                "binary\u0000data",
                "Ein köstlicher Wein, très élégant — 美味しいワイン 🍷",
                review);
        Path input = dir.resolve("nasty.csv");
        try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(input), CSVFormat.RFC4180)) {
            printer.printRecord("id", "description");
            for (int i = 0; i < texts.size(); i++) printer.printRecord("r" + i, texts.get(i));
        }
        for (String precision : List.of("fp32", "int8")) {
            Path out = dir.resolve("nasty-" + precision + ".csv");
            Run run = classify(
                    "--input",
                    input,
                    "--output",
                    out,
                    "--model",
                    TestModels.dir(TestModels.SST2),
                    "--precision",
                    precision);
            assertEquals(1, run.exit(), "two rows fail: " + run.err());
            List<CSVRecord> records = ClassifyCli.csvRecords(out);
            assertEquals(
                    List.of("r0", "r1", "r2", "r3", "r4"),
                    records.stream().map(r -> r.get("id")).toList());
            assertEquals("true", records.get(0).get("truncated"), "over 512 tokens: truncated as transformers does");
            assertFalse(records.get(0).get("label").isEmpty());
            assertEquals(
                    "line 3: empty text in column 'description'", records.get(1).get("error"));
            assertTrue(
                    records.get(2).get("error").contains("not text: control character U+0000"),
                    records.get(2).get("error"));
            assertFalse(records.get(3).get("label").isEmpty(), "non-ASCII text is classified");
            assertEquals("", records.get(3).get("error"));
            assertEquals("false", records.get(4).get("truncated"));
            assertTrue(
                    run.err().contains("(" + precision + ", batch"), "the summary names the precision: " + run.err());
        }
    }

    @Test
    void aCorruptModelStopsBeforeAnyWorkWithExitCode2() throws IOException {
        Path model = TestModels.copyOf(TestModels.TINY, dir.resolve("corrupt"));
        byte[] bytes = Files.readAllBytes(model.resolve("model.ort"));
        Files.write(model.resolve("model.ort"), Arrays.copyOf(bytes, bytes.length / 3));
        Path out = dir.resolve("never.csv");
        Run run = classify("--input", TestData.wineReviews(), "--output", out, "--limit", 10, "--model", model);
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("model.ort was changed after make model built the folder"), run.err());
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(PartialOutput.partialPath(out)));
    }

    private static String firstWineReview() {
        try (CsvRowReader reader = CsvRowReader.open(TestData.wineReviews(), "description")) {
            InputRow first = reader.next();
            return first.text();
        }
    }
}
