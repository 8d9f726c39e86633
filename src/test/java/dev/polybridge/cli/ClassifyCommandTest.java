package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.ClassifierFactory;
import dev.polybridge.classify.CsvRowReader;
import dev.polybridge.classify.FakeClassifier;
import dev.polybridge.classify.InputRow;
import dev.polybridge.classify.PartialOutput;
import dev.polybridge.classify.TestData;
import dev.polybridge.cli.ClassifyCli.Run;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

    @TempDir
    Path dir;

    private static Run classify(Object... args) {
        return ClassifyCli.classify(options -> new FakeClassifier(), args);
    }

    private static Run classify(ClassifierFactory factory, Object... args) {
        return ClassifyCli.classify(factory, args);
    }

    /** The options {@code classify} with {@code args} hands the engine. */
    private static SentimentOptions engineOptions(Object... args) {
        List<SentimentOptions> seen = new ArrayList<>();
        Run run = classify(
                options -> {
                    seen.add(options);
                    return new FakeClassifier();
                },
                args);
        assertEquals(0, run.exit(), run.err());
        return seen.getFirst();
    }

    private static List<InputRow> inputRows(Path file, long limit) {
        List<InputRow> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(file, "description")) {
            for (InputRow row = reader.next(); row != null && rows.size() < limit; row = reader.next()) rows.add(row);
        }
        return rows;
    }

    @Test
    void thousandWineReviewsGiveThousandRecordsInInputOrder() throws IOException {
        Path out = dir.resolve("wine.csv");
        Run run = classify(
                "--input",
                TestData.wineReviews(),
                "--output",
                out,
                "--limit",
                1000,
                "--workers",
                4,
                "--batch-size",
                16);
        assertEquals(0, run.exit(), run.err());
        List<CSVRecord> records = ClassifyCli.csvRecords(out);
        List<InputRow> rows = inputRows(TestData.wineReviews(), 1000);
        assertEquals(1000, records.size());
        for (int i = 0; i < 1000; i++) {
            CSVRecord record = records.get(i);
            Classification expected = FakeClassifier.expected(rows.get(i).text());
            assertEquals(Integer.toString(i), record.get("id"));
            assertEquals(Long.toString(i + 2), record.get("line"));
            assertEquals(expected.label(), record.get("label"));
            assertEquals(String.format(Locale.ROOT, "%.6f", expected.score()), record.get("score"));
            assertEquals("", record.get("error"));
        }
        assertFalse(Files.exists(PartialOutput.partialPath(out)));
        assertFalse(Files.exists(PartialOutput.sidecarPath(out)));
        assertTrue(run.err().contains("classify: 1000 records -> "), run.err());
        assertTrue(run.err().contains("peak RSS"), run.err());
    }

    @Test
    void allTenThousandAndOneReviewsAsJsonl() throws IOException {
        Path out = dir.resolve("wine.jsonl");
        Run run = classify("--input", TestData.wineReviews(), "--output", out, "--include-text");
        assertEquals(0, run.exit(), run.err());
        List<String> lines = Files.readAllLines(out);
        List<InputRow> rows = inputRows(TestData.wineReviews(), Long.MAX_VALUE);
        assertEquals(10_001, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i += 97) {
            JsonNode node = json.readTree(lines.get(i));
            assertEquals(Integer.toString(i), node.get("id").asText());
            assertEquals(rows.get(i).text(), node.get("text").asText());
            assertEquals(
                    FakeClassifier.expected(rows.get(i).text()).label(),
                    node.get("label").asText());
        }
    }

    @Test
    void batchingWorkersAndSortingDoNotChangeTheOutput() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        assertEquals(
                0,
                classify(
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                a,
                                "--limit",
                                700,
                                "--workers",
                                1,
                                "--batch-size",
                                7,
                                "--no-sort-by-length")
                        .exit());
        assertEquals(
                0,
                classify(
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                b,
                                "--limit",
                                700,
                                "--workers",
                                8,
                                "--batch-size",
                                64,
                                "--sort-by-length")
                        .exit());
        assertEquals(
                0,
                classify(
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                c,
                                "--limit",
                                700,
                                "--workers",
                                3,
                                "--batch-size",
                                1)
                        .exit());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(c));
    }

    @Test
    void neverMoreBatchesInFlightThanWorkers() {
        FakeClassifier fake = new FakeClassifier();
        Run run = classify(
                options -> fake,
                "--input",
                TestData.wineReviews(),
                "--output",
                dir.resolve("x.csv"),
                "--limit",
                2000,
                "--workers",
                3,
                "--batch-size",
                8);
        assertEquals(0, run.exit(), run.err());
        assertTrue(fake.maxInFlight() <= 3, "max in flight " + fake.maxInFlight());
        assertEquals(250, fake.calls());
        assertTrue(fake.closed());
    }

    @Test
    void offsetAndLimitSelectRows() throws IOException {
        Path out = dir.resolve("slice.csv");
        assertEquals(
                0,
                classify("--input", TestData.wineReviews(), "--output", out, "--offset", 10, "--limit", 5)
                        .exit());
        assertEquals(
                List.of("10", "11", "12", "13", "14"),
                ClassifyCli.csvRecords(out).stream().map(r -> r.get("id")).toList());
    }

    @Test
    void resumeAfterAKilledRunGivesTheSameOutputAsAnUninterruptedRun() throws IOException {
        for (String name : List.of("resumed.csv", "resumed.jsonl")) {
            Path whole = dir.resolve("whole-" + name);
            Path resumed = dir.resolve(name);
            Object[] common = {"--input", TestData.wineReviews(), "--limit", 3000, "--batch-size", 16, "--include-text"
            };
            assertEquals(0, classify(concat(common, "--output", whole)).exit());

            Run killed = classify(
                    options -> new FakeClassifier(100),
                    concat(common, "--output", resumed)); // after the first 1024-row window
            assertEquals(1, killed.exit(), killed.err());
            assertTrue(killed.err().contains("rerun with --resume"), killed.err());
            assertFalse(Files.exists(resumed));
            long partialSize = Files.size(PartialOutput.partialPath(resumed));
            assertTrue(partialSize > 0 && partialSize < Files.size(whole), "some but not all records were kept");

            Run again = classify(concat(common, "--output", resumed, "--resume"));
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.err().contains("continuing after input line"), again.err());
            assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed), name);
        }
    }

    @Test
    void resumeDropsATornLastRecord() throws IOException {
        for (String name : List.of("torn.csv", "torn.jsonl")) {
            Path whole = dir.resolve("whole-" + name);
            Path out = dir.resolve(name);
            Object[] common = {"--input", TestData.wineReviews(), "--limit", 600, "--include-text"};
            assertEquals(0, classify(concat(common, "--output", whole)).exit());
            assertEquals(
                    1,
                    classify(options -> new FakeClassifier(10), concat(common, "--output", out))
                            .exit());
            String torn = name.endsWith(".csv")
                    ? "999,1001,POSITIVE,0.7,false,,\"half a text"
                    : "{\"id\":\"999\",\"line\":10";
            Files.writeString(PartialOutput.partialPath(out), torn, StandardOpenOption.APPEND);
            Run again = classify(concat(common, "--output", out, "--resume"));
            assertEquals(0, again.exit(), again.err());
            assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out), name);
        }
    }

    /** Issue 19: --batch-size 100000 ran the machine out of memory; --workers 100000 started 100,000 threads. */
    @Test
    void sizeAndCountOptionsOverTheirLimitsAreRefusedWithTheLimit() {
        Path out = dir.resolve("never.csv");
        for (Object[] option : List.of(
                new Object[] {"--batch-size", 100_000, "--batch-size is 100000; the limit is 64"},
                new Object[] {"--workers", 100_000, "--workers is 100000; the limit is 64"},
                new Object[] {
                    "--intra-op-threads",
                    100_000,
                    "--intra-op-threads is 100000; the limit is "
                            + Runtime.getRuntime().availableProcessors()
                },
                new Object[] {"--workers", 0, "--workers must be at least 1, got 0"})) {
            List<SentimentOptions> opened = new ArrayList<>();
            Run run = classify(
                    options -> {
                        opened.add(options);
                        return new FakeClassifier();
                    },
                    "--input",
                    TestData.wineReviews(),
                    "--output",
                    out,
                    "--limit",
                    5,
                    option[0],
                    option[1]);
            assertEquals(2, run.exit(), run.err());
            assertTrue(run.err().contains((String) option[2]), run.err());
            assertTrue(opened.isEmpty(), "no engine is started");
        }
        assertEquals(
                0,
                classify(
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                out,
                                "--limit",
                                5,
                                "--batch-size",
                                64,
                                "--workers",
                                64)
                        .exit(),
                "the limits themselves are accepted");
    }

    /** Issue 19: as root, --output /dev/full would have replaced the device with a regular file. */
    @Test
    void anOutputThatExistsAndIsNotARegularFileIsRefused() throws IOException {
        Path device = Path.of("/dev/full");
        Run run = classify("--input", TestData.wineReviews(), "--output", device, "--format", "csv", "--limit", 5);
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("/dev/full exists and is not a regular file"), run.err());
        assertFalse(Files.isRegularFile(device), "the device is still a device");
        Path fifo = dir.resolve("pipe.csv");
        try {
            new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Run toFifo = classify("--input", TestData.wineReviews(), "--output", fifo, "--limit", 5);
        assertEquals(2, toFifo.exit(), toFifo.err());
        assertTrue(toFifo.err().contains("pipe.csv exists and is not a regular file"), toFifo.err());
    }

    @Test
    void resumeRefusesAPartialOutputOfADifferentRun() throws IOException {
        Path out = dir.resolve("other.csv");
        assertEquals(
                1,
                classify(
                                options -> new FakeClassifier(5),
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                out,
                                "--limit",
                                500)
                        .exit());
        byte[] before = Files.readAllBytes(PartialOutput.partialPath(out));
        Run run = classify("--input", TestData.wineReviews(), "--output", out, "--limit", 800, "--resume");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("--limit was 500, now 800"), run.err());
        assertArrayEquals(
                before, Files.readAllBytes(PartialOutput.partialPath(out)), "the partial output is untouched");
    }

    @Test
    void resumeWithoutPartialOutputStartsFromTheFirstRow() throws IOException {
        Path out = dir.resolve("fresh.csv");
        Run run = classify("--input", TestData.wineReviews(), "--output", out, "--limit", 20, "--resume");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("there is no partial output"), run.err());
        assertEquals(20, ClassifyCli.csvRecords(out).size());
    }

    @Test
    void badRowsGetErrorRecordsAndTheRunGoesOn() throws IOException {
        Path input = dir.resolve("bad.csv");
        Files.writeString(
                input,
                String.join(
                        "",
                        Files.readString(TestData.crafted("bad-text.csv")),
                        "8,\"FAIL-ME please\",97\n",
                        "9,\"unclosed,98\n",
                        "10,Too,many,fields,99\n",
                        "11,Fine at the end,100\n"));
        Path out = dir.resolve("bad-out.csv");
        Run run = classify("--input", input, "--output", out);
        assertEquals(1, run.exit(), "any failed row makes the exit code 1");
        List<CSVRecord> records = ClassifyCli.csvRecords(out);
        assertEquals(11, records.size(), "one record per input row");
        assertEquals(
                List.of("1", "2", "3", "4", "5", "6", "7", "8", "", "", "11"),
                records.stream().map(r -> r.get("id")).toList(),
                "a row whose fields cannot be told apart has no id; its line says where it is");
        assertEquals(
                "line 3: empty text in column 'description'", records.get(1).get("error"));
        assertEquals(
                "line 5: not text: control character U+0000 at character 4 of column 'description'",
                records.get(3).get("error"));
        assertEquals("", records.get(4).get("error"), "a number is classified");
        assertEquals("true", records.get(5).get("truncated"), "over-long text is truncated and says so");
        assertFalse(records.get(5).get("label").isEmpty());
        assertEquals(
                "line 9: simulated engine failure for this text", records.get(7).get("error"));
        assertTrue(
                records.get(8).get("error").startsWith("line 10: malformed CSV"),
                records.get(8).get("error"));
        assertEquals(
                "line 11: expected 3 fields as in the header, found 5",
                records.get(9).get("error"));
        assertEquals("", records.get(10).get("error"));
        assertEquals("", records.get(1).get("label"));
        assertEquals("", records.get(1).get("score"));
        assertTrue(run.err().contains("failed rows: 6"), run.err());
    }

    @Test
    void failFastStopsAtTheFirstFailedRowAndResumeGoesOn() throws IOException {
        Path input = TestData.crafted("field-count.csv");
        Path out = dir.resolve("ff.csv");
        Run stopped = classify("--input", input, "--output", out, "--fail-fast");
        assertEquals(1, stopped.exit());
        assertTrue(stopped.err().contains("stopped at the first failed row (--fail-fast): line 3"), stopped.err());
        assertTrue(
                stopped.err()
                        .matches(
                                "(?s).*stopped after \\d+\\.\\d s \\(model load .*rows/s; first rows classified .* after launch\\).*"),
                stopped.err());
        List<String> partial = Files.readAllLines(PartialOutput.partialPath(out));
        assertEquals(3, partial.size(), "header, the good row and the failed one");

        Run resumed = classify("--input", input, "--output", out, "--fail-fast", "--resume");
        assertEquals(1, resumed.exit());
        assertTrue(resumed.err().contains("line 4"), resumed.err());

        Path whole = dir.resolve("whole.csv");
        assertEquals(1, classify("--input", input, "--output", whole).exit());
        assertEquals(1, classify("--input", input, "--output", out, "--resume").exit(), "the output holds failed rows");
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(out));
    }

    @Test
    void missingColumnStopsBeforeAnyWorkWithExitCode2() {
        AtomicInteger opened = new AtomicInteger();
        Path out = dir.resolve("none.csv");
        Run run = classify(
                options -> {
                    opened.incrementAndGet();
                    return new FakeClassifier();
                },
                "--input",
                TestData.wineReviews(),
                "--output",
                out,
                "--column",
                "review");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("has no column 'review'"), run.err());
        assertEquals(0, opened.get(), "the model is not even loaded");
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(PartialOutput.partialPath(out)));
    }

    @Test
    void missingModelStopsBeforeAnyWorkAndKeepsAPartialOutput() throws IOException {
        Path out = dir.resolve("model.csv");
        assertEquals(
                1,
                classify(
                                options -> new FakeClassifier(3),
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                out,
                                "--limit",
                                300)
                        .exit());
        byte[] before = Files.readAllBytes(PartialOutput.partialPath(out));
        Run run = classify(
                options -> {
                    throw new ModelException("model directory models/x has no model.ort: run `make model MODEL=x`");
                },
                "--input",
                TestData.wineReviews(),
                "--output",
                out,
                "--limit",
                300);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("has no model.ort: run `make model MODEL=x`"), run.err());
        assertArrayEquals(before, Files.readAllBytes(PartialOutput.partialPath(out)));
    }

    @Test
    void theSentimentClassifierNamesTheMissingModelFile() throws IOException {
        Path model = dir.resolve("models/sst2-minilm-distilbert-v2");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{}");
        Run run = classify(
                TestModels.ON_THE_TEST_POLYBRIDGE,
                "--input",
                TestData.wineReviews(),
                "--output",
                dir.resolve("m.csv"),
                "--model",
                model);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("vocab.txt"), run.err());
        assertTrue(run.err().contains("make model MODEL=sst2-minilm-distilbert-v2"), run.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Path out = dir.resolve("o.csv");
        assertEquals(
                2,
                classify("--input", TestData.wineReviews(), "--output", out, "--workers", 0)
                        .exit());
        assertEquals(
                2,
                classify("--input", TestData.wineReviews(), "--output", out, "--precision", "fp16")
                        .exit());
        Run noFormat = classify("--input", TestData.wineReviews(), "--output", dir.resolve("o.txt"));
        assertEquals(2, noFormat.exit());
        assertTrue(noFormat.err().contains("pass --format csv|jsonl"), noFormat.err());
        assertEquals(
                2,
                classify("--input", dir.resolve("missing.csv"), "--output", out).exit());
        assertEquals(
                2,
                classify("--input", TestData.wineReviews(), "--output", TestData.wineReviews())
                        .exit());
    }

    @Test
    void summaryJsonHasTheCountsAndMemory() throws IOException {
        Path summary = dir.resolve("summary.json");
        assertEquals(
                0,
                classify(
                                "--input",
                                TestData.wineReviews(),
                                "--output",
                                dir.resolve("s.csv"),
                                "--limit",
                                100,
                                "--summary-json",
                                summary)
                        .exit());
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(100, json.get("rows").asLong());
        assertEquals(0, json.get("failedRows").asLong());
        assertEquals(
                100,
                json.get("labels").get("POSITIVE").asLong()
                        + json.get("labels").get("NEGATIVE").asLong());
        assertTrue(json.get("peakRssBytes").asLong() > 0);
        assertTrue(json.get("peakPssBytes").asLong() > 0);
        assertTrue(json.get("rowsPerSecond").asDouble() > 0);
        assertTrue(json.get("totalSeconds").asDouble()
                >= json.get("classifySeconds").asDouble());
        assertEquals("completed", json.get("outcome").asText());
    }

    @Test
    void theSummaryGivesLabelsRateTimeAndWholeProcessMemory() {
        Run run = classify("--input", TestData.wineReviews(), "--output", dir.resolve("t.csv"), "--limit", 100);
        assertEquals(0, run.exit(), run.err());
        assertTrue(
                run.err()
                        .matches(
                                "(?s).*classify: 100 records -> .* in \\d+\\.\\d s \\(model load \\d+\\.\\d s; "
                                        + "100 rows classified in \\d+\\.\\d s, \\d+\\.\\d rows/s; first rows classified \\d+\\.\\d s after launch\\).*"),
                run.err());
        assertTrue(run.err().matches("(?s).*labels: NEGATIVE \\d+, POSITIVE \\d+; failed rows: 0.*"), run.err());
        assertTrue(
                run.err()
                        .matches(
                                "(?s).*memory \\(whole process\\): peak RSS \\d+\\.\\d MiB, peak PSS \\d+\\.\\d MiB.*"),
                run.err());
    }

    @Test
    void formatOptionOverridesTheExtension() throws IOException {
        Path out = dir.resolve("records.txt");
        assertEquals(
                0,
                classify("--input", TestData.wineReviews(), "--output", out, "--limit", 5, "--format", "jsonl")
                        .exit());
        List<String> lines = Files.readAllLines(out);
        assertEquals(5, lines.size());
        assertEquals(
                "0", new ObjectMapper().readTree(lines.getFirst()).get("id").asText());
    }

    @Test
    void modelPrecisionWorkersAndBatchSizeReachTheEngine() {
        SentimentOptions options = engineOptions(
                "--input",
                TestData.wineReviews(),
                "--output",
                dir.resolve("e.csv"),
                "--limit",
                5,
                "--model",
                dir.resolve("m"),
                "--precision",
                "int8",
                "--workers",
                3,
                "--batch-size",
                7,
                "--no-sort-by-length");
        assertEquals(Precision.INT8, options.precision());
        assertEquals(
                dir.resolve("m").toAbsolutePath().normalize(),
                options.modelDir().toAbsolutePath().normalize());
        assertEquals(3, options.workers());
        assertEquals(7, options.batchSize());
        assertFalse(options.sortByLength());
    }

    @Test
    void theDefaultsAreTheMeasuredFastestAtBothPrecisions() {
        for (String precision : List.of("fp32", "int8")) {
            SentimentOptions options = engineOptions(
                    "--input",
                    TestData.wineReviews(),
                    "--output",
                    dir.resolve(precision + ".csv"),
                    "--limit",
                    5,
                    "--precision",
                    precision);
            assertEquals(8, options.batchSize(), precision);
            assertEquals(2, options.workers());
            assertTrue(options.sortByLength());
        }
    }

    @Test
    void aDuplicatedTextColumnStopsBeforeAnyWork() throws IOException {
        Path input = dir.resolve("dup.csv");
        Files.writeString(input, "description,description\nfirst,second\n");
        Run run = classify("--input", input, "--output", dir.resolve("d.csv"));
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("has 2 columns named 'description' (positions [1, 2])"), run.err());
    }

    @Test
    void progressBarReachesTheEnd() {
        Run run = classify(
                "--input",
                TestData.wineReviews(),
                "--output",
                dir.resolve("p.csv"),
                "--limit",
                300,
                "--progress",
                "bar");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("\rclassify [##############################] 100% 300/300 rows"), run.err());
    }

    private static Object[] concat(Object[] first, Object... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray();
    }
}
