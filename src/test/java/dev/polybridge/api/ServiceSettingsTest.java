package dev.polybridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 19: every size, count and duration setting of serve is bounded; a value past its limit names the limit. */
class ServiceSettingsTest {

    private static String problem(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("quarkus.http.limits.max-body-size", "1G"));
        all.putAll(settings);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(ModelConfig.class)
                .withMapping(BatchConfig.class)
                .withMapping(LimitsConfig.class)
                .withMapping(RegressionConfig.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return new ServiceSettings(
                        config.getConfigMapping(ModelConfig.class),
                        config.getConfigMapping(BatchConfig.class),
                        config.getConfigMapping(LimitsConfig.class),
                        config.getConfigMapping(RegressionConfig.class),
                        Integer.parseInt(all.getOrDefault("polybridge.workers", "2")),
                        config.getValue("quarkus.http.limits.max-body-size", MemorySize.class),
                        Duration.parse(all.getOrDefault("quarkus.http.read-timeout", "PT60S")),
                        Duration.parse(all.getOrDefault("polybridge.shutdown.stream-timeout", "PT20S")),
                        Duration.ofSeconds(30))
                .problem();
    }

    @Test
    void theDefaultsAreUsable() {
        assertThat(problem(Map.of())).isNull();
    }

    @Test
    void countsPastTheirLimitsAreNamedWithTheLimit() {
        assertThat(problem(Map.of("polybridge.workers", "100000")))
                .startsWith("polybridge.workers (--workers) is 100000; the limit is 64 (");
        assertThat(problem(Map.of("polybridge.batch.max-size", "100000")))
                .startsWith("polybridge.batch.max-size (--max-batch-size) is 100000; the limit is 64 (");
        assertThat(problem(Map.of("polybridge.batch.queue-capacity", "100000000")))
                .startsWith("polybridge.batch.queue-capacity (--queue-capacity) is 100000000; the limit is 16384 (");
        assertThat(problem(Map.of("polybridge.batch.queue-capacity", "100")))
                .isEqualTo("polybridge.batch.queue-capacity (100) must be at least polybridge.limits.max-texts (256),"
                        + " or a request at the limit could never be queued");
        assertThat(problem(Map.of("polybridge.limits.max-concurrent-uploads", "100000")))
                .startsWith("polybridge.limits.max-concurrent-uploads is 100000; the limit is 64 (");
        assertThat(problem(Map.of("polybridge.limits.max-text-chars", "100000000")))
                .startsWith("polybridge.limits.max-text-chars is 100000000; the limit is 1048576 (");
        assertThat(problem(Map.of("polybridge.regression.max-rows", "100000000")))
                .startsWith("polybridge.regression.max-rows is 100000000; the limit is 1000000 (");
        assertThat(problem(Map.of("polybridge.model.intra-op-threads", "100000")))
                .startsWith("polybridge.model.intra-op-threads is 100000; the limit is "
                        + Runtime.getRuntime().availableProcessors());
    }

    @Test
    void sizesAndDurationsPastTheirLimitsAreNamedWithTheLimit() {
        assertThat(problem(Map.of("polybridge.limits.max-upload-bytes", "2G")))
                .startsWith(
                        "polybridge.limits.max-upload-bytes is 2147483648; the limit is 1073741824 (quarkus.http.limits.max-body-size");
        assertThat(problem(Map.of("polybridge.batch.max-wait", "1h")))
                .isEqualTo(
                        "polybridge.batch.max-wait (--max-wait) is 3600000 ms; it must be 0 to 1000 ms (a text waits this"
                                + " long for companions at most)");
        assertThat(problem(Map.of("polybridge.limits.upload-stall-timeout", "2m")))
                .startsWith(
                        "polybridge.limits.upload-stall-timeout (120 s) must be shorter than quarkus.http.read-timeout (60 s)");
        assertThat(problem(Map.of("polybridge.shutdown.stream-timeout", "PT45S")))
                .startsWith(
                        "polybridge.shutdown.stream-timeout (45 s) must be shorter than quarkus.shutdown.timeout (30 s)");
    }
}
