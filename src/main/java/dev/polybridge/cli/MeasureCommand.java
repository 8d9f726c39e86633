package dev.polybridge.cli;

import dev.polybridge.memory.MeasureResult;
import dev.polybridge.memory.MeasureSummary;
import dev.polybridge.memory.MemoryJson;
import dev.polybridge.memory.ProcessTreeMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "measure",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        showEndOfOptionsDelimiterInUsageHelp = true,
        description = {
            "Run a command and measure its whole process tree: wall and CPU time, peak and mean PSS, "
                    + "peak RSS, processes, exit status.",
            "Put -- before the command. The command's output goes to this terminal, the summary to stderr; "
                    + "the exit status is the command's (127: not found, 126: not executable, 128+N: signal N)."
        })
public class MeasureCommand implements Callable<Integer> {

    @Option(
            names = "--interval",
            defaultValue = "50ms",
            converter = IntervalConverter.class,
            description = "Sampling interval: 50ms, 0.2s, 1s (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Write the result as JSON to FILE ('-' for stdout; schema in docs/memory.md).")
    String json;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException, IOException {
        MeasureResult result = ProcessTreeMeter.run(command, interval);
        System.err.print(MeasureSummary.format(result));
        if ("-".equals(json)) {
            System.out.println(MemoryJson.write(result));
        } else if (json != null) {
            Files.writeString(Path.of(json), MemoryJson.write(result) + System.lineSeparator());
        }
        return result.exit().code();
    }

    static final class IntervalConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return ProcessTreeMeter.parseInterval(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
