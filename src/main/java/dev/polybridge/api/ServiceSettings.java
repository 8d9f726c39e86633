package dev.polybridge.api;

import dev.polybridge.sentiment.EngineLimits;
import dev.polybridge.sentiment.SentimentOptions;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every size, count and duration setting of {@code serve}, checked against its limit before the model loads: a value
 * out of range stops the server with exit status 2 and a message naming the key (and the {@code serve} option, when
 * there is one) and the limit (docs/service.md, "Configuration").
 */
@ApplicationScoped
public class ServiceSettings {
    /** Texts that may wait: each holds up to max-text-chars characters in memory. */
    static final int MAX_QUEUE_CAPACITY = 16_384;

    static final int MAX_TEXTS = 4_096;
    /** The CSV reader's record limit: a longer text cannot be read from an upload anyway. */
    static final int MAX_TEXT_CHARS = 1 << 20;

    static final int MAX_CONCURRENT_UPLOADS = 64;
    static final int MAX_PREDICT_ROWS = 1_000_000;
    static final Duration MAX_WAIT = Duration.ofSeconds(1);

    private final ModelConfig model;
    private final BatchConfig batch;
    private final LimitsConfig limits;
    private final RegressionConfig regression;
    private final int workers;
    private final MemorySize maxBodySize;
    private final Duration readTimeout;
    private final Duration streamTimeout;
    private final Duration shutdownTimeout;

    @Inject
    ServiceSettings(
            ModelConfig model,
            BatchConfig batch,
            LimitsConfig limits,
            RegressionConfig regression,
            @ConfigProperty(name = "polybridge.workers", defaultValue = "" + SentimentOptions.DEFAULT_WORKERS)
                    int workers,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.http.read-timeout", defaultValue = "60s") Duration readTimeout,
            @ConfigProperty(name = "polybridge.shutdown.stream-timeout", defaultValue = "20s") Duration streamTimeout,
            @ConfigProperty(name = "quarkus.shutdown.timeout", defaultValue = "30s") Duration shutdownTimeout) {
        this.model = model;
        this.batch = batch;
        this.limits = limits;
        this.regression = regression;
        this.workers = workers;
        this.maxBodySize = maxBodySize;
        this.readTimeout = readTimeout;
        this.streamTimeout = streamTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The first setting out of range, as a message that names it and its limit; null when all are usable. */
    String problem() {
        String problem = EngineLimits.check(
                workers,
                batch.maxSize(),
                model.intraOpThreads(),
                "polybridge.workers (--workers)",
                "polybridge.batch.max-size (--max-batch-size)",
                "polybridge.model.intra-op-threads");
        if (problem == null)
            problem = range(
                    "polybridge.batch.max-tokens (--max-batch-tokens)",
                    batch.maxTokens(),
                    1,
                    EngineLimits.MAX_BATCH_TOKENS,
                    "a batch's activations are held in memory at once, up to 152 KiB per token"
                            + " of a 512-token text");
        if (problem == null && !(batch.maxPadding() >= 0 && batch.maxPadding() <= 1)) {
            problem = "polybridge.batch.max-padding must be from 0 to 1, got " + batch.maxPadding();
        }
        if (problem == null)
            problem = range(
                    "polybridge.batch.queue-capacity (--queue-capacity)",
                    batch.queueCapacity(),
                    1,
                    MAX_QUEUE_CAPACITY,
                    "every queued text is held in memory");
        if (problem == null && batch.queueCapacity() < limits.maxTexts()) {
            problem = "polybridge.batch.queue-capacity (" + batch.queueCapacity() + ") must be at least"
                    + " polybridge.limits.max-texts (" + limits.maxTexts()
                    + "), or a request at the limit could never be queued";
        }
        if (problem == null)
            problem = range("polybridge.limits.max-texts", limits.maxTexts(), 1, MAX_TEXTS, "texts per request");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-text-chars",
                    limits.maxTextChars(),
                    1,
                    MAX_TEXT_CHARS,
                    "the CSV reader's 1 MiB record limit; the model reads at most 512 tokens of a text anyway");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-concurrent-uploads",
                    limits.maxConcurrentUploads(),
                    1,
                    MAX_CONCURRENT_UPLOADS,
                    "each upload holds two windows of rows");
        if (problem == null)
            problem = range(
                    "polybridge.regression.max-rows",
                    regression.maxRows(),
                    1,
                    MAX_PREDICT_ROWS,
                    "rows per predict request, each held in memory");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-upload-bytes",
                    limits.maxUploadBytes().asLongValue(),
                    1,
                    maxBodySize.asLongValue(),
                    "quarkus.http.limits.max-body-size, Quarkus's own cap, which answers without"
                            + " a JSON error; raise both together");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-json-bytes",
                    limits.maxJsonBytes().asLongValue(),
                    1,
                    maxBodySize.asLongValue(),
                    "quarkus.http.limits.max-body-size");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-fit-bytes",
                    limits.maxFitBytes().asLongValue(),
                    1,
                    maxBodySize.asLongValue(),
                    "quarkus.http.limits.max-body-size");
        if (problem == null)
            problem = range(
                    "polybridge.limits.max-buffered-bytes",
                    limits.maxBufferedBytes().asLongValue(),
                    1,
                    Runtime.getRuntime().maxMemory() / 2,
                    "half the Java heap (-Xmx)");
        if (problem == null && limits.uploadStallTimeout().compareTo(readTimeout) >= 0) {
            problem =
                    ("polybridge.limits.upload-stall-timeout (%d s) must be shorter than quarkus.http.read-timeout (%d s),"
                                    + " or Quarkus closes a stalled upload's connection without an answer first")
                            .formatted(limits.uploadStallTimeout().toSeconds(), readTimeout.toSeconds());
        }
        if (problem == null && streamTimeout.compareTo(shutdownTimeout) >= 0) {
            problem =
                    ("polybridge.shutdown.stream-timeout (%d s) must be shorter than quarkus.shutdown.timeout (%d s), or"
                                    + " CSV streams are cut off at shutdown before they can end with the aborted record")
                            .formatted(streamTimeout.toSeconds(), shutdownTimeout.toSeconds());
        }
        if (problem == null
                && (limits.bodyTimeout().isNegative() || limits.bodyTimeout().isZero())) {
            problem = "polybridge.limits.body-timeout must be positive, got " + limits.bodyTimeout();
        }
        if (problem == null && (batch.maxWait().isNegative() || batch.maxWait().compareTo(MAX_WAIT) > 0)) {
            problem =
                    ("polybridge.batch.max-wait (--max-wait) is %d ms; it must be 0 to %d ms (a text waits this long for"
                                    + " companions at most)")
                            .formatted(batch.maxWait().toMillis(), MAX_WAIT.toMillis());
        }
        return problem;
    }

    private static String range(String name, long value, long min, long max, String why) {
        return EngineLimits.outOfRange(name, value, min, max, why);
    }
}
