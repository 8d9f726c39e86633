package dev.polybridge.api;

import dev.polybridge.Polybridge;
import dev.polybridge.memory.MemoryJson;
import dev.polybridge.memory.MemoryReporter;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/memory}: the whole process's memory report (docs/memory.md): the kernel's RSS/PSS/USS first, the
 * JVM's heap, metaspace and NMT beside it, and what the model load added. Blocking: it reads /proc and asks the JVM
 * for NMT.
 */
@Path("/v1/memory")
public class MemoryResource {
    private final SentimentRuntime runtime;

    @Inject
    MemoryResource(SentimentRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The process's memory report: kernel RSS/PSS first, the JVM's view beside it")
    public String memory() {
        return MemoryJson.write(
                runtime.polybridge().map(Polybridge::memoryReport).orElseGet(MemoryReporter::current));
    }
}
