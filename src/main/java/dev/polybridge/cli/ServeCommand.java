package dev.polybridge.cli;

import dev.polybridge.api.BatchConfig;
import dev.polybridge.api.ClassificationService;
import dev.polybridge.api.PolybridgeHome;
import dev.polybridge.sentiment.SentimentOptions;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code polybridge serve}. The HTTP listener is off in every other command; {@link PolybridgeMain} reads these
 * options before Quarkus starts and turns them into configuration ({@link #configuration()}), so by the time this
 * command runs the server is listening and the model is loading.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve the sentiment model over HTTP: POST /v1/classify, /v1/classify/csv, /v1/regression/*;"
                    + " GET /v1/info, /v1/memory; /q/health, /q/metrics, /q/openapi, /q/swagger-ui. Stops on SIGTERM/Ctrl-C,"
                    + " letting requests in flight finish.",
            "Exit codes: 0 after a normal shutdown; 2 when the model cannot be loaded or the options are unusable."
        })
public class ServeCommand implements Callable<Integer> {

    @Inject
    ClassificationService service;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: 8080, or quarkus.http.port).")
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to bind (default: 127.0.0.1; 0.0.0.0 exposes the service to the network).")
    String host;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Model directory prepared by `make model` (default: " + PolybridgeHome.DEFAULT_MODEL_HELP + ").")
    Path model;

    @Option(
            names = "--precision",
            paramLabel = "fp32|int8",
            description = "Which ONNX file of the model (default: " + SentimentOptions.DEFAULT_PRECISION + ").")
    String precision;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Engine batches in flight at once (default: " + SentimentOptions.DEFAULT_WORKERS + ").")
    Integer workers;

    @Option(
            names = "--batching",
            negatable = true,
            fallbackValue = "true",
            description = "Coalesce concurrent requests into engine batches (default: on).")
    Boolean batching;

    @Option(
            names = "--max-batch-size",
            paramLabel = "N",
            description = "Texts per engine batch at most (default: " + BatchConfig.DEFAULT_MAX_SIZE + ").")
    Integer maxBatchSize;

    @Option(
            names = "--max-batch-tokens",
            paramLabel = "N",
            description = "Padded tokens (texts x the longest) per engine batch at most (default: "
                    + BatchConfig.DEFAULT_MAX_TOKENS + ").")
    Integer maxBatchTokens;

    @Option(
            names = "--max-padding",
            paramLabel = "F",
            description = "Share of a batch's padded tokens that may be padding, 0 to 1 (default: "
                    + BatchConfig.DEFAULT_MAX_PADDING + ").")
    Double maxPadding;

    @Option(
            names = "--max-wait",
            paramLabel = "DURATION",
            description =
                    "Longest a text waits for companions, e.g. 5ms (default: " + BatchConfig.DEFAULT_MAX_WAIT + ").")
    String maxWait;

    @Option(
            names = "--queue-capacity",
            paramLabel = "N",
            description = "Texts that may wait for a batch before requests get 503 (default: "
                    + BatchConfig.DEFAULT_QUEUE_CAPACITY + ").")
    Integer queueCapacity;

    /** The configuration these options stand for; only the options given, so application.properties and env still apply otherwise. */
    Map<String, String> configuration() {
        var config = new LinkedHashMap<String, String>();
        config.put("polybridge.serve", "true");
        if (port != null) config.put("quarkus.http.port", port.toString());
        if (host != null) config.put("quarkus.http.host", host);
        if (model != null)
            config.put("polybridge.model.dir", model.toAbsolutePath().toString());
        if (precision != null) config.put("polybridge.model.precision", precision.toLowerCase(Locale.ROOT));
        if (workers != null) config.put("polybridge.workers", workers.toString());
        if (batching != null) config.put("polybridge.batch.enabled", batching.toString());
        if (maxBatchSize != null) config.put("polybridge.batch.max-size", maxBatchSize.toString());
        if (maxBatchTokens != null) config.put("polybridge.batch.max-tokens", maxBatchTokens.toString());
        if (maxPadding != null) config.put("polybridge.batch.max-padding", maxPadding.toString());
        if (maxWait != null) config.put("polybridge.batch.max-wait", maxWait);
        if (queueCapacity != null) config.put("polybridge.batch.queue-capacity", queueCapacity.toString());
        return config;
    }

    @Override
    public Integer call() {
        var config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("polybridge.serve", Boolean.class).orElse(false)) {
            System.err.println("serve: the HTTP server was not enabled at start-up; run serve through bin/polybridge"
                    + " or java -jar target/quarkus-app/quarkus-run.jar, whose main class enables it");
            return 2;
        }
        String address = "http://" + config.getValue("quarkus.http.host", String.class) + ":"
                + config.getValue("quarkus.http.port", Integer.class);
        AtomicInteger exitCode = new AtomicInteger();
        stopGracefullyOn(service, "TERM", "INT");
        System.err.println("polybridge serving on " + address + " (model loading; ready when " + address
                + "/q/health/ready is UP)");
        service.loaded().whenComplete((ok, failure) -> {
            if (failure == null) {
                System.err.println("polybridge ready on " + address + " in "
                        + service.loadTime().toMillis() + " ms: "
                        + service.classifier().describe());
            } else if (service.state() == ClassificationService.State.FAILED) {
                System.err.println("serve: " + service.failure());
                exitCode.set(2);
                Quarkus.asyncExit(2);
            }
        });
        Quarkus.waitForExit();
        return exitCode.get();
    }

    /**
     * SIGTERM and SIGINT stop the application from within instead of exiting the JVM at once: the service refuses new
     * requests (503) and readiness goes DOWN, Quarkus lets the requests in flight finish (quarkus.shutdown.timeout),
     * the batcher drains and the Python context closes, and only then does the JVM exit. This order matters: ONNX Runtime's Java binding releases its native
     * environment in a JVM shutdown hook, and hooks run concurrently, so an inference still running when the JVM
     * begins to exit crashes the process (SIGSEGV in libonnxruntime). A second signal stops at once.
     */
    private static void stopGracefullyOn(ClassificationService service, String... signals) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : signals) {
            Signal.handle(new Signal(name), signal -> {
                if (stopping.compareAndSet(false, true)) {
                    System.err.println("polybridge: SIG" + signal.getName()
                            + ": finishing the requests in flight, then stopping (signal again to stop at once)");
                    service.stopAccepting();
                    Quarkus.asyncExit(0);
                } else {
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            });
        }
    }
}
