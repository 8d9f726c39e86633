package dev.polybridge.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(
        name = "polybridge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Python ML inside the JVM: one embedded GraalPy context, virtual-thread workers, ONNX Runtime.",
        subcommands = {
            InfoCommand.class,
            ClassifyCommand.class,
            RegressCommand.class,
            MemoryCommand.class,
            MeasureCommand.class,
            ServeCommand.class
        })
public class PolybridgeCommand {}
