package dev.polybridge.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code polybridge.model.*}: which model the service loads, and how long its warm-up may take. */
@ConfigMapping(prefix = "polybridge.model")
public interface ModelConfig {
    /** Same default as {@code classify}: {@code $POLYBRIDGE_HOME/models/sst2-minilm-distilbert}, else relative to the working directory. */
    String DEFAULT_MODEL = "models/sst2-minilm-distilbert";

    Optional<Path> dir();

    @WithDefault("fp32")
    String precision();

    /** ONNX Runtime intra-op threads per engine call; 0 = every core (one batch in ONNX Runtime at a time). */
    @WithDefault("0")
    int intraOpThreads();

    /** Loading plus the warm-up call; past it readiness reports the failure instead of waiting forever. */
    @WithDefault("5m")
    Duration warmUpTimeout();

    default Path resolvedDir() {
        return dir().orElseGet(() -> {
            String home = System.getenv("POLYBRIDGE_HOME");
            return home == null ? Path.of(DEFAULT_MODEL) : Path.of(home).resolve(DEFAULT_MODEL);
        });
    }
}
