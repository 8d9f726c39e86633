package dev.polybridge.cli;

import dev.polybridge.api.PolybridgeHome;
import dev.polybridge.classify.ClassifierFactory;
import dev.polybridge.classify.ClassifyRequest;
import dev.polybridge.classify.ClassifyRun;
import dev.polybridge.classify.OutputFormat;
import dev.polybridge.classify.ProgressReporter;
import dev.polybridge.sentiment.EngineLimits;
import dev.polybridge.sentiment.OnnxEngine;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentOptions;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "classify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Classify the sentiment of a text column of a CSV file, one output record per input row, in input order.",
            "Exit codes: 0 every row classified; 1 some rows failed (each has an error record) or the run stopped early"
                    + " (the partial output stays for --resume); 2 unusable options, input, output location or model"
                    + " (nothing was classified)."
        })
public class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 CSV file with a header line.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "FILE",
            description =
                    "Where the records go (.csv, or .jsonl/.ndjson). Written to FILE.partial, renamed to FILE when complete.")
    Path output;

    @Option(
            names = "--column",
            defaultValue = "description",
            paramLabel = "NAME",
            description = "The text column (default: ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--limit", paramLabel = "N", description = "Classify at most N rows (after --offset).")
    Long limit;

    @Option(
            names = "--offset",
            defaultValue = "0",
            paramLabel = "N",
            description = "Skip the first N data rows (default: ${DEFAULT-VALUE}).")
    long offset;

    @Option(
            names = "--format",
            paramLabel = "csv|jsonl",
            description = "Output format (default: from the output file's extension).")
    String format;

    @Option(names = "--include-text", description = "Also write each row's text.")
    boolean includeText;

    @Option(
            names = "--workers",
            defaultValue = "" + SentimentOptions.DEFAULT_WORKERS,
            paramLabel = "N",
            description =
                    "Batches in flight at once, at most " + EngineLimits.MAX_WORKERS + " (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--batch-size",
            defaultValue = "" + SentimentOptions.DEFAULT_BATCH_SIZE,
            paramLabel = "N",
            description = "Texts per Python call, at most " + EngineLimits.MAX_BATCH_SIZE
                    + " (default: ${DEFAULT-VALUE}); ONNX Runtime runs them " + OnnxEngine.RUN_MAX_ROWS + " at a time.")
    int batchSize;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Model directory prepared by `make model` (default: " + PolybridgeHome.DEFAULT_MODEL_HELP + ").")
    Path model;

    @Option(
            names = "--precision",
            defaultValue = SentimentOptions.DEFAULT_PRECISION,
            paramLabel = "fp32|int8",
            description = "Which ONNX file of the model (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(
            names = "--sort-by-length",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Batch texts of similar length together to pad less; records stay in input order (default: on).")
    boolean sortByLength;

    @Option(
            names = "--intra-op-threads",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "ONNX Runtime threads per run, at most the cores (default: ${DEFAULT-VALUE} = the cores shared among the workers). ONNX Runtime runs a batch in slices of up to "
                            + OnnxEngine.RUN_MAX_ROWS + " texts, side by side.")
    int intraOpThreads;

    @Option(
            names = "--resume",
            description = "Continue a killed or stopped run from its partial output instead of starting over.")
    boolean resume;

    @Option(
            names = "--fail-fast",
            description = "Stop at the first row that fails; the partial output stays for --resume.")
    boolean failFast;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            paramLabel = "auto|bar|log|off",
            description = "Progress on stderr: a bar on a terminal, log lines otherwise (default: ${DEFAULT-VALUE}).")
    String progress;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the run summary as JSON.")
    Path summaryJson;

    /** Set by Quarkus when it registers the subcommands (in {@code serve}'s and the tests' applications). */
    @Inject
    ClassifierFactory classifiers;

    ClassifyCommand() {}

    ClassifyCommand(ClassifierFactory classifiers) {
        this.classifiers = classifiers;
    }

    @Override
    public Integer call() throws Exception {
        ClassifyRequest request = new ClassifyRequest(
                input,
                output,
                column,
                offset,
                limit,
                outputFormat(),
                includeText,
                sentimentOptions(),
                resume,
                failFast,
                progressMode(),
                Duration.ofSeconds(5),
                summaryJson);
        return new ClassifyRun(classifiers, spec.commandLine().getErr()).execute(request);
    }

    private SentimentOptions sentimentOptions() {
        String tooMany = EngineLimits.check(
                workers, batchSize, intraOpThreads, "--workers", "--batch-size", "--intra-op-threads");
        if (tooMany != null) throw usage(tooMany);
        if (offset < 0) throw usage("--offset must be 0 or more, got " + offset);
        if (limit != null && limit < 0) throw usage("--limit must be 0 or more, got " + limit);
        Precision p;
        try {
            p = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw usage("--precision " + e.getMessage());
        }
        return new SentimentOptions(
                model != null ? model : PolybridgeHome.defaultModelDir(),
                p,
                workers,
                batchSize,
                sortByLength,
                intraOpThreads);
    }

    private OutputFormat outputFormat() {
        if (format == null) {
            OutputFormat implied = OutputFormat.fromFileName(output);
            if (implied == null) {
                throw usage(
                        "cannot tell the output format from '%s': name it .csv or .jsonl, or pass --format csv|jsonl"
                                .formatted(output));
            }
            return implied;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> OutputFormat.CSV;
            case "jsonl", "ndjson" -> OutputFormat.JSONL;
            default -> throw usage("--format must be csv or jsonl, got '" + format + "'");
        };
    }

    private ProgressReporter.Mode progressMode() {
        return switch (progress.toLowerCase(Locale.ROOT)) {
            case "auto" -> ProgressReporter.stderrIsTerminal() ? ProgressReporter.Mode.BAR : ProgressReporter.Mode.LOG;
            case "bar" -> ProgressReporter.Mode.BAR;
            case "log" -> ProgressReporter.Mode.LOG;
            case "off" -> ProgressReporter.Mode.OFF;
            default -> throw usage("--progress must be auto, bar, log or off, got '" + progress + "'");
        };
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
