package dev.polybridge.api;

/**
 * Where {@code GET /v1/memory} gets the process's memory report, as JSON.
 *
 * <p>SEAM for the lead: the memory accounting lives in {@code dev.polybridge.memory} (branch {@code memory}), not
 * merged when this was written. Once it is, replace {@link #NOT_CONNECTED} in {@link MemoryResource} with
 * {@code () -> dev.polybridge.memory.MemoryJson.write(dev.polybridge.memory.MemoryReporter.current())}.
 */
@FunctionalInterface
public interface MemoryReportSource {

    MemoryReportSource NOT_CONNECTED = () -> {
        throw new ApiException(501, "the memory report (dev.polybridge.memory) is not wired into this build yet", null, null);
    };

    /** The report as a JSON document. */
    String reportJson();
}
