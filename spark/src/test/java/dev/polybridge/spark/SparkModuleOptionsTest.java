package dev.polybridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

class SparkModuleOptionsTest {

    /** pom.xml copies Spark's list for the test JVM; a Spark upgrade that changes it must change the pom too. */
    @Test
    void theTestJvmHasEveryOptionSparksLauncherGivesItsJvms() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .containsAll(java.util.List.of(JavaModuleOptions.defaultModuleOptionArray()));
    }
}
