package dev.polybridge.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code polybridge.limits.*}: request size limits; exceeding one is a 413 (or 400) naming the field. */
@ConfigMapping(prefix = "polybridge.limits")
public interface LimitsConfig {
    @WithDefault("256")
    int maxTexts();

    @WithDefault("20000")
    int maxTextChars();

    /** Bodies of the JSON endpoints. */
    @WithDefault("8M")
    MemorySize maxJsonBytes();

    /** CSV uploads to classify (streamed); quarkus.http.limits.max-body-size must be at least as large. */
    @WithDefault("256M")
    MemorySize maxUploadBytes();

    /** CSV uploads to fit a regression on: held whole while they are fitted. */
    @WithDefault("32M")
    MemorySize maxFitBytes();

    /** CSV uploads being classified at once; more get 503. */
    @WithDefault("4")
    int maxConcurrentUploads();

    /** Bytes of JSON bodies and fit uploads being received or held at once, across all requests; past it, 503. */
    @WithDefault("64M")
    MemorySize maxBufferedBytes();

    /** How long a JSON body may take to arrive; past it, 408 and the connection closes. */
    @WithDefault("30s")
    Duration bodyTimeout();

    /** How long an upload may keep the server waiting for its next byte; past it, 408 or the stream's aborted record. */
    @WithDefault("30s")
    Duration uploadStallTimeout();
}
