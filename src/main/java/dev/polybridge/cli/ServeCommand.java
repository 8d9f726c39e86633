package dev.polybridge.cli;

import dev.polybridge.api.ClassificationService;
import io.quarkus.runtime.Quarkus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code polybridge serve}. The HTTP listener is off in every other command; {@link PolybridgeMain} reads these
 * options before Quarkus starts and turns them into configuration ({@link #configuration()}), so by the time this
 * command runs the server is listening and the model is loading.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the sentiment model over HTTP: POST /v1/classify, /v1/classify/csv, /v1/regression/*;"
                + " GET /v1/info, /v1/memory; /q/health, /q/metrics, /q/openapi, /q/swagger-ui. Stops on SIGTERM/Ctrl-C,"
                + " letting requests in flight finish.",
                "Exit codes: 0 after a normal shutdown; 2 when the model cannot be loaded or the options are unusable."})
public class ServeCommand implements Callable<Integer> {

    @Inject
    ClassificationService service;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: 8080, or quarkus.http.port).")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to bind (default: 127.0.0.1; 0.0.0.0 exposes the service to the network).")
    String host;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory prepared by `make model` (default: $POLYBRIDGE_HOME/models/sst2-minilm-distilbert).")
    Path model;

    @Option(names = "--precision", paramLabel = "fp32|int8", description = "Which ONNX file of the model (default: fp32).")
    String precision;

    @Option(names = "--workers", paramLabel = "N", description = "Engine batches in flight at once (default: 2).")
    Integer workers;

    @Option(names = "--batching", negatable = true, fallbackValue = "true",
            description = "Coalesce concurrent requests into engine batches (default: on).")
    Boolean batching;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Texts per engine batch at most (default: 32).")
    Integer maxBatchSize;

    @Option(names = "--max-wait", paramLabel = "DURATION", description = "Longest a text waits for companions, e.g. 5ms (default: 5ms).")
    String maxWait;

    @Option(names = "--queue-capacity", paramLabel = "N", description = "Texts that may wait for a batch before requests get 503 (default: 1024).")
    Integer queueCapacity;

    /** The configuration these options stand for; only the options given, so application.properties and env still apply otherwise. */
    Map<String, String> configuration() {
        var config = new LinkedHashMap<String, String>();
        config.put("polybridge.serve", "true");
        if (port != null) config.put("quarkus.http.port", port.toString());
        if (host != null) config.put("quarkus.http.host", host);
        if (model != null) config.put("polybridge.model.dir", model.toAbsolutePath().toString());
        if (precision != null) config.put("polybridge.model.precision", precision.toLowerCase(Locale.ROOT));
        if (workers != null) config.put("polybridge.workers", workers.toString());
        if (batching != null) config.put("polybridge.batch.enabled", batching.toString());
        if (maxBatchSize != null) config.put("polybridge.batch.max-size", maxBatchSize.toString());
        if (maxWait != null) config.put("polybridge.batch.max-wait", maxWait);
        if (queueCapacity != null) config.put("polybridge.batch.queue-capacity", queueCapacity.toString());
        return config;
    }

    @Override
    public Integer call() throws InterruptedException {
        var config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("polybridge.serve", Boolean.class).orElse(false)) {
            System.err.println("serve: the HTTP server was not enabled at start-up; run serve through bin/polybridge"
                    + " or java -jar target/quarkus-app/quarkus-run.jar, whose main class enables it");
            return 2;
        }
        String address = "http://" + config.getValue("quarkus.http.host", String.class) + ":"
                + config.getValue("quarkus.http.port", Integer.class);
        System.err.println("polybridge serving on " + address + " (model loading; ready when " + address + "/q/health/ready is UP)");
        try {
            service.loaded().get();
            System.err.println("polybridge ready on " + address + " in " + service.loadTime().toMillis() + " ms: "
                    + service.classifier().describe());
        } catch (ExecutionException e) {
            if (service.state() == ClassificationService.State.FAILED) {
                System.err.println("serve: " + service.failure());
                return 2;
            }
            return 0;
        }
        Quarkus.waitForExit();
        return 0;
    }
}
