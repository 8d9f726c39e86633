package dev.polybridge.cli;

import dev.polybridge.Polybridge;
import dev.polybridge.api.SentimentRuntime;
import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.sentiment.SentimentOptions;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import picocli.CommandLine;

/**
 * The entry point of the CLI and the server. {@code classify} runs without Quarkus
 * ({@link #classifyWithoutQuarkus}). The other commands run in Quarkus, whose HTTP extensions are built in with the
 * listener off ({@code quarkus.http.host-enabled=${polybridge.serve}}, false by default), so {@code info} and the other
 * commands never open a port. For {@code serve} only, the options are read here, before Quarkus starts, and become
 * system properties: {@code polybridge.serve=true} (which turns the listener and the model loading on), the port, the
 * host and the model settings.
 */
@QuarkusMain
public class PolybridgeMain implements QuarkusApplication {

    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");

    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("classify")) {
            logToStandardError();
            System.exit(classifyWithoutQuarkus(new PrintWriter(System.err, true), args));
        }
        servingConfiguration(args).forEach(System::setProperty);
        Quarkus.run(PolybridgeMain.class, args);
    }

    /**
     * {@code classify} uses none of the service's extensions, and booting them costs every start about 1.7 s of CPU
     * and 45 MiB (docs/service.md), on the cores the model's own start needs: it runs on the same command and the same
     * {@link SentimentRuntime}, created here instead of by Quarkus.
     */
    static int classifyWithoutQuarkus(PrintWriter err, String... args) {
        // classify reports the RSS and PSS the context and the model added, not their heap: no full collections.
        if (Arrays.stream(args).noneMatch(HELP_OR_VERSION::contains)) {
            // The context takes the longest of the start; it needs none of the options picocli and the run's checks
            // are about to read.
            Polybridge.startAhead(BridgeConfig.defaults().withEntryThreads(SentimentOptions.DEFAULT_WORKERS));
        }
        SentimentRuntime runtime = new SentimentRuntime(false);
        // The classify command alone, under its full name: the whole command tree would have picocli read the
        // options of every other command on the start's critical path.
        CommandLine classify = new CommandLine(new ClassifyCommand(runtime::open))
                .setCommandName("polybridge classify")
                .setErr(err);
        classify.getCommandSpec().versionProvider(new VersionProvider());
        int exitCode = classify.execute(Arrays.copyOfRange(args, 1, args.length));
        Polybridge.abandonStartedAhead();
        try {
            runtime.close();
        } catch (RuntimeException e) {
            // As Quarkus does with a bean that fails to close: said, and the command's own exit code kept.
            Logger.getLogger(PolybridgeMain.class.getName()).log(Level.WARNING, "closing the Python context failed", e);
        }
        return exitCode;
    }

    /**
     * The console log Quarkus sets up: on standard error, in application.properties' {@code quarkus.log.console.format},
     * at its {@code quarkus.log.level} or {@code -Dquarkus.log.level}. Without it, the warnings of a command run
     * without Quarkus would be lost.
     */
    private static void logToStandardError() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) root.removeHandler(handler);
        Properties application = new Properties();
        try (InputStream in = PolybridgeMain.class.getResourceAsStream("/application.properties")) {
            if (in != null) application.load(in);
        } catch (IOException e) {
            System.err.println("polybridge: application.properties unreadable (" + e + "); logging at INFO");
        }
        Level level =
                logLevel(System.getProperty("quarkus.log.level", application.getProperty("quarkus.log.level", "INFO")));
        ConsoleHandler console = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter(
                        application.getProperty("quarkus.log.console.format", "%d{HH:mm:ss} %-5p %s%e%n")));
        console.setLevel(level);
        root.addHandler(console);
        root.setLevel(level);
    }

    /** The level {@code name} stands for, as Quarkus reads it (TRACE, DEBUG, WARN, ... or java.util.logging's). */
    static Level logLevel(String name) {
        try {
            return LogContext.getLogContext().getLevelForName(name);
        } catch (IllegalArgumentException e) {
            System.err.println("polybridge: quarkus.log.level " + name + " is not a log level; logging at INFO");
            return Level.INFO;
        }
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
