package dev.polybridge.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code polybridge.batch.*}: dynamic batching (see {@link DynamicBatcher}). */
@ConfigMapping(prefix = "polybridge.batch")
public interface BatchConfig {
    /** Off: every request is sent to the engine alone. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("32")
    int maxSize();

    /** Padded tokens (texts × the longest) per engine batch at most; see {@link DynamicBatcher}. */
    @WithDefault("512")
    int maxTokens();

    /** The share of a batch's padded tokens that may be padding: texts much shorter or longer wait for their own batch. */
    @WithDefault("0.2")
    double maxPadding();

    /** The longest the oldest queued text waits for companions. */
    @WithDefault("5ms")
    Duration maxWait();

    /** Texts that may wait for a batch; beyond it requests get 503 with Retry-After. */
    @WithDefault("1024")
    int queueCapacity();

    /** One engine call; past it the requests in the batch fail with 500. */
    @WithDefault("60s")
    Duration timeout();

    /** What a 503 tells the client to wait before retrying. */
    @WithDefault("1s")
    Duration retryAfter();
}
