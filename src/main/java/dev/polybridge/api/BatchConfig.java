package dev.polybridge.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code polybridge.batch.*}: dynamic batching (see {@link DynamicBatcher}). */
@ConfigMapping(prefix = "polybridge.batch")
public interface BatchConfig {
    String DEFAULT_MAX_SIZE = "32";
    String DEFAULT_MAX_WAIT = "5ms";
    String DEFAULT_QUEUE_CAPACITY = "1024";
    String DEFAULT_MAX_TOKENS = "512";
    String DEFAULT_MAX_PADDING = "0.2";

    /** Off: every request is sent to the engine alone. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault(DEFAULT_MAX_SIZE)
    int maxSize();

    /** Padded tokens (texts × the longest) per engine batch at most; see {@link DynamicBatcher}. */
    @WithDefault(DEFAULT_MAX_TOKENS)
    int maxTokens();

    /** The share of a batch's padded tokens that may be padding: texts much shorter or longer wait for their own batch. */
    @WithDefault(DEFAULT_MAX_PADDING)
    double maxPadding();

    /** The longest the oldest queued text waits for companions. */
    @WithDefault(DEFAULT_MAX_WAIT)
    Duration maxWait();

    /** Texts that may wait for a batch; beyond it requests get 503 with Retry-After. */
    @WithDefault(DEFAULT_QUEUE_CAPACITY)
    int queueCapacity();

    /** One engine call; past it the requests in the batch fail with 500. */
    @WithDefault("60s")
    Duration timeout();

    /** What a 503 tells the client to wait before retrying. */
    @WithDefault("1s")
    Duration retryAfter();
}
