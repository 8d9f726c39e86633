package dev.polybridge.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitFlagsTest {

    private static final String JIT_DIR = System.getProperty("polybridge.spark.jit.dir");
    private static final String FLAGS =
            "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=" + JIT_DIR;

    @Test
    void theTestJvmHasTheJit() {
        JitFlags.requireInThisJvm("the test JVM");
    }

    @Test
    void executorOptionsWithTheFlagsAndTheCompilerJarsPass() {
        assertThat(JitFlags.checkExecutorOptions("-Xss4m " + FLAGS + " -XX:TieredStopAtLevel=1"))
                .isNull();
        assertThat(JitFlags.checkExecutorOptions(
                        "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path " + JIT_DIR))
                .isNull();
    }

    @Test
    void missingFlagsAreNamed() {
        assertThatThrownBy(() -> JitFlags.checkExecutorOptions(null))
                .hasMessageStartingWith("spark.executor.extraJavaOptions lacks the GraalPy JIT flags "
                        + "[-XX:+UnlockExperimentalVMOptions, -XX:+EnableJVMCI, --upgrade-module-path=DIR] (it is '')");
        assertThatThrownBy(() -> JitFlags.checkExecutorOptions("-XX:+EnableJVMCI --upgrade-module-path=" + JIT_DIR))
                .hasMessageContaining("lacks the GraalPy JIT flags [-XX:+UnlockExperimentalVMOptions]");
    }

    @Test
    void aFolderWithoutTheCompilerJarsIsRefusedAndAFolderNotOnTheDriverIsAWarning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("compiler-25.0.3.jar"), "");
        assertThatThrownBy(() -> JitFlags.checkExecutorOptions(
                        "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=" + dir))
                .hasMessageContaining(
                        "lacks the Graal compiler jars [collections-*.jar, word-*.jar, truffle-compiler-*.jar]");
        assertThat(JitFlags.checkExecutorOptions(
                        "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=/opt/nowhere/jvmci"))
                .contains("/opt/nowhere/jvmci")
                .contains("could not be checked");
    }
}
