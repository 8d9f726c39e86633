package dev.polybridge.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README's library example, run on polybridge's core jar with nothing of the app on the class path. */
class LibraryExampleTest {
    private static final Path MODEL = Path.of("../../models/sst2-minilm-distilbert-v2");

    @Test
    void theClassPathHoldsTheCoreJarAndNoQuarkusVertxOrPicocli() {
        String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        assertThat(classPath).anyMatch(entry -> entry.endsWith("polybridge-0.1.0-SNAPSHOT-core.jar"));
        assertThat(Arrays.stream(classPath)
                        .map(entry -> Path.of(entry).getFileName().toString()))
                .noneMatch(jar -> jar.contains("quarkus") || jar.contains("vertx") || jar.contains("picocli"));
        assertThatThrownBy(() -> Class.forName("io.quarkus.runtime.Quarkus"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theExampleCallsPythonClassifiesAndReportsMemory() {
        var out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LibraryExample.main(new String[] {MODEL.toString()});
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("median: 2")
                .containsSubsequence("POSITIVE ", "NEGATIVE ")
                .contains("python context (GraalPy)")
                .contains("model (ONNX Runtime session, model.ort, and the pipeline with its tokenizer)");
    }
}
