package dev.polybridge.spark;

import static dev.polybridge.spark.SparkTests.SST2;
import static dev.polybridge.spark.SparkTests.TINY;
import static dev.polybridge.spark.SparkTests.leftoversBeside;
import static dev.polybridge.spark.SparkTests.sparkClassify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkClassify in this JVM on local[2]: the driver JVM is the executor. */
class SparkClassifyLocalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Records>> CLASSIFIED = new HashMap<>();

    @TempDir
    static Path data;

    static Path reviews;

    @BeforeAll
    static void reviews() throws IOException {
        reviews = SparkTests.firstReviews(data, 200);
    }

    /** classify's records for the 200 reviews, computed once per model and precision. */
    private static synchronized List<Records> classified(Path model, String precision) throws Exception {
        String key = model.getFileName() + "/" + precision;
        if (!CLASSIFIED.containsKey(key)) CLASSIFIED.put(key, SparkTests.classify(reviews, data, model, precision));
        return CLASSIFIED.get(key);
    }

    @Test
    void tinyModelGivesClassifysRecordsInInputOrderWithOneBridgeForSixteenTasks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path summary = dir.resolve("summary.json");
        assertThat(sparkClassify(
                        "--input",
                        reviews.toString(),
                        "--output",
                        out.toString(),
                        "--output-format",
                        "csv",
                        "--model",
                        TINY.toString(),
                        "--partitions",
                        "16",
                        "--summary-json",
                        summary.toString()))
                .isZero();

        assertThat(Records.ofSpark(out)).containsExactlyElementsOf(classified(TINY, "fp32"));
        JsonNode run = JSON.readTree(summary.toFile());
        assertThat(run.path("rows").asLong()).isEqualTo(200);
        assertThat(run.path("failed").asLong()).isZero();
        JsonNode executors = run.path("executors");
        assertThat(executors).hasSize(1);
        JsonNode executor = executors.get(0);
        assertThat(executor.path("bridgesBuilt").asInt()).isEqualTo(1);
        assertThat(executor.path("tasks").asLong()).isEqualTo(16);
        assertThat(executor.path("rows").asLong()).isEqualTo(200);
        assertThat(executor.path("peakPssBytes").asLong()).isGreaterThan(100L << 20);
        assertThat(executor.path("phases").findValuesAsText("phase")).anyMatch(p -> p.contains("python context"));
        assertThat(executor.path("phases").findValues("pssBytes")).allMatch(JsonNode::isNumber);
        assertThat(ExecutorPolybridge.report())
                .as("the polybridge is closed with the executor")
                .isNull();
    }

    @Test
    void sst2ModelGivesClassifysRecordsInParquetPartsInInputOrder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertThat(sparkClassify(
                        "--input",
                        reviews.toString(),
                        "--output",
                        out.toString(),
                        "--model",
                        SST2.toString(),
                        "--partitions",
                        "3"))
                .isZero();

        List<Path> parts;
        try (Stream<Path> files = Files.list(out)) {
            parts = files.filter(f -> f.getFileName().toString().matches("part-.*\\.parquet"))
                    .sorted()
                    .toList();
        }
        assertThat(parts).hasSize(3);
        SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
        try {
            List<Records> records = parts.stream()
                    .flatMap(part -> spark.read().parquet(part.toString()).collectAsList().stream())
                    .map(row -> new Records(
                            row.getString(0),
                            row.isNullAt(1) ? "" : row.getString(1),
                            row.isNullAt(2) ? "" : String.format(java.util.Locale.ROOT, "%.6f", row.getDouble(2)),
                            row.getBoolean(3),
                            row.isNullAt(4) ? "" : row.getString(4)))
                    .toList();
            assertThat(records).containsExactlyElementsOf(classified(SST2, "fp32"));
        } finally {
            spark.stop();
        }
    }

    @Test
    void parquetInputWithTheModelShippedAsSparkFilesGivesTheSameRecords(@TempDir Path dir) throws Exception {
        Path parquet = dir.resolve("reviews.parquet");
        SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
        try {
            spark.read()
                    .option("header", "true")
                    .option("multiLine", "true")
                    .option("escape", "\"")
                    .csv(reviews.toString())
                    .coalesce(1)
                    .write()
                    .parquet(parquet.toString());
        } finally {
            spark.stop();
        }
        Path out = dir.resolve("out");
        assertThat(sparkClassify(
                        "--input",
                        parquet.toString(),
                        "--output",
                        out.toString(),
                        "--output-format",
                        "csv",
                        "--model",
                        TINY.toString(),
                        "--model-shipping",
                        "spark-files"))
                .isZero();

        assertThat(Records.ofSpark(out)).containsExactlyElementsOf(classified(TINY, "fp32"));
    }

    @Test
    void rowsThatCannotBeClassifiedBecomeErrorRecordsNamingTheRow(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("bad-rows.csv"), """
                id,description,points
                a,"Ripe cherry, a long and lovely finish.",90
                b,,85
                c,"binary\u0001data",80
                d,"too",many,fields
                e,   ,70
                f,"Flat and thin, a sour wine.",82
                """);
        Path out = dir.resolve("out");
        assertThat(sparkClassify(
                        "--input",
                        input.toString(),
                        "--output",
                        out.toString(),
                        "--output-format",
                        "csv",
                        "--model",
                        TINY.toString()))
                .isEqualTo(SparkClassifyJob.ROWS_FAILED);

        List<String> lines = Files.readAllLines(Records.partFiles(out).getFirst());
        assertThat(Records.ofSpark(out)).extracting(Records::id).containsExactly("a", "b", "c", "d", "e", "f");
        String written = String.join(
                "\n",
                Records.partFiles(out).stream()
                        .map(SparkClassifyLocalTest::read)
                        .toList());
        assertThat(written)
                .contains("b,,,false,record 2: empty text in column 'description'")
                .contains(
                        "c,,,false,record 3: not text: control character U+0001 at character 7 of column 'description'")
                .contains(
                        "d,,,false,\"record 4: malformed CSV: its fields do not match the header: d,\"\"too\"\",many,fields\"")
                .contains("e,,,false,record 5: empty text in column 'description'");
        assertThat(Records.ofSpark(out).get(0).label()).isNotEmpty();
        assertThat(Records.ofSpark(out).get(5).label()).isNotEmpty();
        assertThat(lines.getFirst()).isEqualTo("id,label,score,truncated,error");
    }

    @Test
    void aRerunReplacesTheOutputWholeAndLeavesNothingBeside(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        assertThat(sparkClassify(
                        "--input",
                        reviews.toString(),
                        "--output",
                        out.toString(),
                        "--output-format",
                        "csv",
                        "--model",
                        TINY.toString(),
                        "--partitions",
                        "4"))
                .isZero();
        assertThat(Records.partFiles(out)).hasSize(4);

        assertThat(sparkClassify(
                        "--input",
                        reviews.toString(),
                        "--output",
                        out.toString(),
                        "--output-format",
                        "csv",
                        "--model",
                        TINY.toString(),
                        "--partitions",
                        "2"))
                .isZero();

        assertThat(Records.partFiles(out)).hasSize(2);
        assertThat(Records.ofSpark(out)).containsExactlyElementsOf(classified(TINY, "fp32"));
        assertThat(leftoversBeside(out)).isEmpty();
    }

    @Test
    void anUnreadableModelFailsTheRunAndLeavesTheEarlierOutputAsItWas(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("corrupt-model"));
        for (String name : List.of("config.json", "vocab.txt", "tokenizer_config.json")) {
            Files.copy(TINY.resolve(name), model.resolve(name));
        }
        Files.write(model.resolve("model.ort"), "not an ONNX model".getBytes(StandardCharsets.UTF_8));
        Path out = earlierOutput(dir);

        Run run = capture(() ->
                sparkClassify("--input", reviews.toString(), "--output", out.toString(), "--model", model.toString()));

        assertThat(run.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(run.stderr())
                .contains("SparkClassify: executor driver cannot build its polybridge: cannot load ONNX model "
                        + model.toAbsolutePath().resolve("model.ort"));
        assertEarlierOutputUntouched(out);
    }

    @Test
    void aMissingColumnIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path out = earlierOutput(dir);
        Run run = capture(() -> sparkClassify(
                "--input",
                reviews.toString(),
                "--output",
                out.toString(),
                "--model",
                TINY.toString(),
                "--column",
                "review"));

        assertThat(run.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(run.stderr())
                .contains("SparkClassify: input " + reviews
                        + " has no column 'review'; its columns are ['id', 'country', 'description'");
        assertEarlierOutputUntouched(out);
    }

    @Test
    void anEmptyInputIsRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "id,description\n");

        Run emptyRun = capture(() ->
                sparkClassify("--input", empty.toString(), "--output", out.toString(), "--model", TINY.toString()));
        Run headerRun = capture(() -> sparkClassify(
                "--input", headerOnly.toString(), "--output", out.toString(), "--model", TINY.toString()));

        assertThat(emptyRun.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(emptyRun.stderr()).contains("SparkClassify: input " + empty + " is empty: expected a header line");
        assertThat(headerRun.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(headerRun.stderr()).contains("SparkClassify: input " + headerOnly + " has a header but no rows");
        assertThat(out).doesNotExist();
        assertThat(leftoversBeside(out)).isEmpty();
    }

    @Test
    void aMissingModelAndAnOutputThatIsNoEarlierOutputAreRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Run noModel = capture(() -> sparkClassify(
                "--input",
                reviews.toString(),
                "--output",
                out.toString(),
                "--model",
                dir.resolve("no-such-model").toString()));
        Path notOurs = Files.createDirectories(dir.resolve("home"));
        Files.writeString(notOurs.resolve("notes.txt"), "mine");
        Run foreign = capture(() -> sparkClassify(
                "--input", reviews.toString(), "--output", notOurs.toString(), "--model", TINY.toString()));

        assertThat(noModel.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(noModel.stderr())
                .contains("SparkClassify: model directory not found: " + dir.resolve("no-such-model"));
        assertThat(out).doesNotExist();
        assertThat(foreign.code()).isEqualTo(SparkClassifyJob.UNUSABLE);
        assertThat(foreign.stderr()).contains("exists and is not the output of an earlier run");
        assertThat(notOurs.resolve("notes.txt")).hasContent("mine");
    }

    private static Path earlierOutput(Path dir) throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("_SUCCESS"), "");
        Files.writeString(
                out.resolve("part-00000-earlier.csv"), "id,label,score,truncated,error\n1,POSITIVE,0.9,false,\n");
        return out;
    }

    private static void assertEarlierOutputUntouched(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("_SUCCESS", "part-00000-earlier.csv");
        }
        assertThat(out.resolve("part-00000-earlier.csv"))
                .hasContent("id,label,score,truncated,error\n1,POSITIVE,0.9,false,");
        assertThat(leftoversBeside(out)).isEmpty();
    }

    private record Run(int code, String stderr) {}

    private static Run capture(java.util.function.IntSupplier run) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Run(run.getAsInt(), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
            System.err.print(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
