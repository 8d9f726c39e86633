package dev.polybridge.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/memory}: the whole process's memory report (RSS/PSS from the kernel, JVM and NMT beside it). */
@Path("/v1/memory")
public class MemoryResource {
    private final MemoryReportSource source = MemoryReportSource.NOT_CONNECTED;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The process's memory report: kernel RSS/PSS first, the JVM's view beside it")
    public String memory() {
        return source.reportJson();
    }
}
