package dev.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polybridge.classify.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The classify command as the application runs it, without Quarkus ({@link PolybridgeMain#classifyWithoutQuarkus}):
 * a missing model stops it with exit code 2, and usage errors are picocli's.
 */
class ClassifyCommandLaunchTest {

    @Test
    void missingModelExitsWithCode2AndSaysHowToGetIt() {
        var err = new StringWriter();
        int exit = PolybridgeMain.classifyWithoutQuarkus(
                new PrintWriter(err, true),
                "classify",
                "--input",
                TestData.wineReviews().toString(),
                "--output",
                "target/launch-test/out.csv",
                "--limit",
                "5",
                "--model",
                "target/no-such-model");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-model").contains("make model MODEL=no-such-model");
    }

    @Test
    void aMissingOptionIsAUsageErrorNamedUnderThePolybridgeCommand() {
        var err = new StringWriter();
        int exit = PolybridgeMain.classifyWithoutQuarkus(new PrintWriter(err, true), "classify", "--input", "x.csv");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("Missing required option: '--output=FILE'")
                .contains("polybridge classify");
    }
}
