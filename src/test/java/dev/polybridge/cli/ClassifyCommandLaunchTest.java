package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polybridge.classify.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** The classify command as the application runs it: registered, and a missing model stops it with exit code 2. */
@QuarkusMainTest
class ClassifyCommandLaunchTest {

    @Test
    void missingModelExitsWithCode2AndSaysHowToGetIt(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch(
                "classify",
                "--input",
                TestData.wineReviews().toString(),
                "--output",
                "target/launch-test/out.csv",
                "--limit",
                "5",
                "--model",
                "target/no-such-model");
        assertEquals(2, result.exitCode());
        assertTrue(result.getErrorOutput().contains("no-such-model"), result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("make model MODEL=no-such-model"), result.getErrorOutput());
    }
}
