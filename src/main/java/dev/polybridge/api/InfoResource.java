package dev.polybridge.api;

import dev.polybridge.Polybridge;
import dev.polybridge.bridge.PythonBridge;
import dev.polybridge.sentiment.TextClassifier;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/info}: versions, the model, precision, workers, batching, whether the GraalPy JIT is on, uptime. */
@Path("/v1/info")
public class InfoResource {

    private final ClassificationService service;
    private final ModelConfig model;
    private final BatchConfig batch;
    private final LimitsConfig limits;
    private final SentimentRuntime runtime;

    @Inject
    InfoResource(
            ClassificationService service,
            ModelConfig model,
            BatchConfig batch,
            LimitsConfig limits,
            SentimentRuntime runtime) {
        this.service = service;
        this.runtime = runtime;
        this.model = model;
        this.batch = batch;
        this.limits = limits;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Versions, model, precision, workers, batching, JIT and uptime")
    public Map<String, Object> info() {
        var info = new LinkedHashMap<String, Object>();
        info.put("polybridge", versionOf(ClassificationService.class));
        info.put("quarkus", versionOf(Quarkus.class));
        info.put("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        info.put("onnxruntime", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        info.put("state", service.state().name());
        if (service.failure() != null) info.put("failure", ClientText.withoutPaths(service.failure()));
        info.put("model", modelInfo());
        info.put("python", pythonInfo());
        info.put("workers", service.workers());
        var batching = new LinkedHashMap<String, Object>();
        batching.put("enabled", batch.enabled());
        batching.put("max_size", batch.maxSize());
        batching.put("max_tokens", batch.maxTokens());
        batching.put("max_padding", batch.maxPadding());
        batching.put("max_wait_ms", batch.maxWait().toNanos() / 1e6);
        batching.put("queue_capacity", batch.queueCapacity());
        batching.put(
                "queued_texts",
                service.batcher() == null ? 0 : service.batcher().queuedTexts());
        info.put("batching", batching);
        var sizeLimits = new LinkedHashMap<String, Object>();
        sizeLimits.put("max_texts", limits.maxTexts());
        sizeLimits.put("max_text_chars", limits.maxTextChars());
        sizeLimits.put("max_json_bytes", limits.maxJsonBytes().asLongValue());
        sizeLimits.put("max_upload_bytes", limits.maxUploadBytes().asLongValue());
        sizeLimits.put("max_concurrent_uploads", limits.maxConcurrentUploads());
        info.put("limits", sizeLimits);
        info.put(
                "uptime_seconds",
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())
                        .toSeconds());
        info.put("started_at", service.startedAt().toString());
        return info;
    }

    private Map<String, Object> modelInfo() {
        var info = new LinkedHashMap<String, Object>();
        info.put(
                "name",
                model.resolvedDir().toAbsolutePath().normalize().getFileName().toString());
        info.put("precision", model.precision().toLowerCase());
        TextClassifier classifier = service.classifier();
        if (classifier != null) info.put("description", classifier.describe());
        if (service.loadTime() != null)
            info.put("load_and_warm_up_ms", service.loadTime().toMillis());
        return info;
    }

    private Map<String, Object> pythonInfo() {
        var info = new LinkedHashMap<String, Object>();
        PythonBridge bridge = runtime.polybridge().map(Polybridge::bridge).orElse(null);
        info.put("graalpy", PythonBridge.graalPyVersion());
        if (bridge == null) {
            info.put("context", "not started (the served classifier does not use Python)");
            return info;
        }
        info.put("version", bridge.pythonVersion());
        info.put("jit", bridge.isCompilationEnabled());
        info.put("truffle_runtime", bridge.runtimeName());
        info.put("entry_threads", bridge.config().entryThreads());
        info.put("bridge_workers", bridge.config().workers());
        return info;
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
