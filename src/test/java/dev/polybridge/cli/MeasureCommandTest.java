package dev.polybridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.memory.MeasureResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class MeasureCommandTest {

    @Test
    void writesJsonAndExitsWithTheCommandsStatus(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        int exit = new CommandLine(new MeasureCommand())
                .execute("--interval", "20ms", "--json", json.toString(), "--", "sh", "-c", "exit 4");
        assertEquals(4, exit);
        JsonNode result = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(MeasureResult.SCHEMA, result.get("schema").asText());
        assertEquals("sh", result.get("command").get(0).asText());
        assertEquals(0.02, result.get("sampling").get("intervalSeconds").asDouble(), 1e-9);
    }

    @Test
    void commandNotFoundExits127() {
        assertEquals(127, new CommandLine(new MeasureCommand()).execute("--", "polybridge-no-such-command"));
    }

    @Test
    void missingCommandIsAUsageError() {
        assertEquals(2, new CommandLine(new MeasureCommand()).execute("--json", "-"));
    }

    @Test
    void intervals() {
        MeasureCommand.IntervalConverter converter = new MeasureCommand.IntervalConverter();
        assertEquals(Duration.ofMillis(50), converter.convert("50ms"));
        assertEquals(Duration.ofMillis(200), converter.convert("0.2s"));
        assertEquals(Duration.ofSeconds(1), converter.convert("1s"));
        TypeConversionException bad = assertThrows(TypeConversionException.class, () -> converter.convert("fast"));
        assertTrue(bad.getMessage().contains("'fast'"));
        assertThrows(TypeConversionException.class, () -> converter.convert("0ms"));
        assertThrows(TypeConversionException.class, () -> converter.convert("50"));
    }
}
