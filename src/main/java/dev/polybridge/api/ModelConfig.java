package dev.polybridge.api;

import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentOptions;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code polybridge.model.*}: which model the service loads, and how long its warm-up may take. */
@ConfigMapping(prefix = "polybridge.model")
public interface ModelConfig {
    /** Default: {@link PolybridgeHome#defaultModelDir()}, as for {@code classify}. */
    Optional<Path> dir();

    /** fp32 or int8 ({@link Precision#parse}). */
    @WithDefault(SentimentOptions.DEFAULT_PRECISION)
    String precision();

    /**
     * ONNX Runtime intra-op threads per run; 0 = the cores shared among the workers, at least one
     * ({@link SentimentOptions#threadsPerRun()}).
     */
    @WithDefault("0")
    int intraOpThreads();

    /** Loading plus the warm-up call; past it readiness reports the failure instead of waiting forever. */
    @WithDefault("5m")
    Duration warmUpTimeout();

    default Path resolvedDir() {
        return dir().orElseGet(PolybridgeHome::defaultModelDir);
    }
}
