package dev.polybridge.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine;

/**
 * The entry point of the CLI and the server. The HTTP extensions are built in, but the listener is off
 * ({@code quarkus.http.host-enabled=${polybridge.serve}}, false by default), so {@code classify}, {@code info} and the
 * other commands never open a port. For {@code serve} only, the options are read here, before Quarkus starts, and
 * become system properties: {@code polybridge.serve=true} (which turns the listener and the model loading on),
 * the port, the host and the model settings.
 */
@QuarkusMain
public class PolybridgeMain implements QuarkusApplication {

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        servingConfiguration(args).forEach(System::setProperty);
        Quarkus.run(PolybridgeMain.class, args);
    }

    /**
     * For {@code serve} with usable options: the configuration they stand for. Otherwise nothing: the listener stays
     * off, and picocli reports a usage error or prints help once Quarkus runs the command.
     */
    static Map<String, String> servingConfiguration(String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Map.of();
        }
        ServeCommand serve = new ServeCommand();
        try {
            CommandLine.ParseResult parsed = new CommandLine(serve).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return Map.of();
            }
        } catch (CommandLine.ParameterException e) {
            return Map.of();
        }
        return serve.configuration();
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
