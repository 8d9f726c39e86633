package dev.polybridge.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code polybridge.regression.*}: the model {@code serve} fits at start-up for {@code /v1/regression/predict}. */
@ConfigMapping(prefix = "polybridge.regression")
public interface RegressionConfig {
    /** Default: {@code $POLYBRIDGE_HOME/../shared/data/boston-housing.csv}; when missing, fit one with POST /v1/regression/fit. */
    Optional<Path> data();

    /** Default: the last column. */
    Optional<String> target();

    /** Default: every numeric column except the target. */
    Optional<List<String>> features();

    @WithDefault("qr")
    String solver();

    @WithDefault("true")
    boolean intercept();

    /** Rows per predict request; more is a 413. */
    @WithDefault("10000")
    int maxRows();

    default Path resolvedData() {
        return data().orElseGet(() -> PolybridgeHome.resolve("../shared/data/boston-housing.csv"));
    }
}
