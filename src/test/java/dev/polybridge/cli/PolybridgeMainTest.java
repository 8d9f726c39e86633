package dev.polybridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Only {@code serve} turns the HTTP listener on; its options become configuration before Quarkus starts. {@code
 * classify}, which runs without Quarkus, reads Quarkus's log level names.
 */
class PolybridgeMainTest {

    @Test
    void classifyReadsQuarkusLogLevelNames() {
        assertThat(PolybridgeMain.logLevel("DEBUG").intValue()).isEqualTo(Level.FINE.intValue());
        assertThat(PolybridgeMain.logLevel("TRACE").intValue()).isEqualTo(Level.FINER.intValue());
        assertThat(PolybridgeMain.logLevel("WARN").intValue()).isEqualTo(Level.WARNING.intValue());
        assertThat(PolybridgeMain.logLevel("ERROR").intValue()).isEqualTo(Level.SEVERE.intValue());
        assertThat(PolybridgeMain.logLevel("FINEST")).isEqualTo(Level.FINEST);
    }

    @Test
    void anUnknownLogLevelIsInfo() {
        assertThat(PolybridgeMain.logLevel("LOUD")).isEqualTo(Level.INFO);
    }

    @Test
    void otherCommandsLeaveTheListenerOff() {
        assertThat(PolybridgeMain.servingConfiguration("info")).isEmpty();
        assertThat(PolybridgeMain.servingConfiguration("classify", "--input", "x.csv", "--output", "y.csv"))
                .isEmpty();
        assertThat(PolybridgeMain.servingConfiguration()).isEmpty();
        assertThat(PolybridgeMain.servingConfiguration("bench", "serve")).isEmpty();
    }

    @Test
    void serveWithDefaultsOnlyEnablesServing() {
        assertThat(PolybridgeMain.servingConfiguration("serve"))
                .containsExactlyEntriesOf(java.util.Map.of("polybridge.serve", "true"));
    }

    @Test
    void serveOptionsBecomeConfiguration() {
        assertThat(PolybridgeMain.servingConfiguration(
                        "serve",
                        "--port",
                        "9123",
                        "--host",
                        "0.0.0.0",
                        "--model",
                        "models/x",
                        "--precision",
                        "INT8",
                        "--workers",
                        "3",
                        "--no-batching",
                        "--max-batch-size",
                        "16",
                        "--max-wait",
                        "2ms",
                        "--queue-capacity",
                        "64"))
                .containsEntry("polybridge.serve", "true")
                .containsEntry("quarkus.http.port", "9123")
                .containsEntry("quarkus.http.host", "0.0.0.0")
                .containsEntry(
                        "polybridge.model.dir",
                        Path.of("models/x").toAbsolutePath().toString())
                .containsEntry("polybridge.model.precision", "int8")
                .containsEntry("polybridge.workers", "3")
                .containsEntry("polybridge.batch.enabled", "false")
                .containsEntry("polybridge.batch.max-size", "16")
                .containsEntry("polybridge.batch.max-wait", "2ms")
                .containsEntry("polybridge.batch.queue-capacity", "64");
    }

    @Test
    void helpAndBadOptionsDoNotOpenAPort() {
        assertThat(PolybridgeMain.servingConfiguration("serve", "--help")).isEmpty();
        assertThat(PolybridgeMain.servingConfiguration("serve", "--port", "not-a-number"))
                .isEmpty();
        assertThat(PolybridgeMain.servingConfiguration("serve", "--no-such-option"))
                .isEmpty();
    }
}
