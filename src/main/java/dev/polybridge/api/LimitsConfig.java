package dev.polybridge.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

    /** CSV uploads; quarkus.http.limits.max-body-size follows it. */
    @WithDefault("256M")
    MemorySize maxUploadBytes();

    /** CSV uploads being classified at once; more get 503. */
    @WithDefault("4")
    int maxConcurrentUploads();
}
