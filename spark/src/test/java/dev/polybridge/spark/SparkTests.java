package dev.polybridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** Paths, data and the reference {@code classify} run the Spark tests share. */
final class SparkTests {

    static final Path SHARED = Path.of(System.getProperty("polybridge.shared", "../../shared"));
    static final Path MODELS = Path.of(System.getProperty("polybridge.models", "../models"));
    static final Path TINY = MODELS.resolve("tiny-distilbert-random");
    static final Path SST2 = MODELS.resolve("sst2-minilm-distilbert-v2");

    private SparkTests() {}

    /** The first {@code rows} wine reviews, as a CSV file of their own. */
    static Path firstReviews(Path dir, int rows) throws IOException {
        Path file = dir.resolve("reviews-" + rows + ".csv");
        CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
        try (Reader in = Files.newBufferedReader(SHARED.resolve("data/wine-reviews-10k.csv"));
                CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180);
                Writer out = Files.newBufferedWriter(file);
                CSVPrinter printer = new CSVPrinter(out, format)) {
            Iterator<CSVRecord> records = parser.iterator();
            for (int i = 0; i <= rows && records.hasNext(); i++)
                printer.printRecord(records.next().toList());
        }
        return file;
    }

    /** Runs SparkClassify in this JVM on local[2]; returns its exit code. */
    static int sparkClassify(String... args) {
        List<String> all = new ArrayList<>(List.of("--master", "local[2]"));
        all.addAll(List.of(args));
        return SparkClassify.run(all.toArray(String[]::new));
    }

    /** classify's records for {@code input}, from a JVM of its own with this JVM's flags. */
    static List<Records> classify(Path input, Path dir, Path model, String precision) throws Exception {
        Path output = dir.resolve("classify-" + model.getFileName() + "-" + precision + ".csv");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:") || a.startsWith("--"))
                .forEach(command::add);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ClassifyMain.class.getName(),
                input.toString(),
                output.toString(),
                model.toString(),
                precision.toUpperCase()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("classify.log").toFile())
                .start();
        try {
            assertThat(process.waitFor(10, TimeUnit.MINUTES))
                    .as("classify finished")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue())
                .as("classify's exit code; its log: " + Files.readString(dir.resolve("classify.log")))
                .isZero();
        return Records.ofClassify(output);
    }

    /** Files and folders beside {@code output} that a run leaves besides the output itself. */
    static List<String> leftoversBeside(Path output) throws IOException {
        try (var files = Files.list(output.toAbsolutePath().getParent())) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("." + output.getFileName() + "."))
                    .toList();
        }
    }
}
