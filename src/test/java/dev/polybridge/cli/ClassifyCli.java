package dev.polybridge.cli;

import dev.polybridge.classify.ClassifierFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine;

/** The tests' way to run {@code classify} in-process and read what it wrote. */
final class ClassifyCli {
    private ClassifyCli() {}

    record Run(int exit, String err) {}

    /** Runs {@code classify} with {@code args} (each {@code toString()}ed), progress off unless the args set it. */
    static Run classify(ClassifierFactory factory, Object... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ClassifyCommand(factory));
        cli.setErr(new PrintWriter(err, true));
        List<String> given = Stream.of(args).map(Object::toString).toList();
        Stream<String> progress = given.contains("--progress") ? Stream.of() : Stream.of("--progress", "off");
        int exit = cli.execute(Stream.concat(progress, given.stream()).toArray(String[]::new));
        return new Run(exit, err.toString());
    }

    static List<CSVRecord> csvRecords(Path file) throws IOException {
        try (CSVParser parser = CSVParser.parse(
                file,
                StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().get())) {
            return parser.getRecords();
        }
    }
}
