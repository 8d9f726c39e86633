package dev.polybridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A hand-made compare results JSON (src/test/resources/bench/compare-canned.json) with every case in it. */
final class CannedResults {
    private static final String RESOURCE = "/bench/compare-canned.json";

    private CannedResults() {}

    static ObjectNode load() throws IOException {
        try (InputStream in = CannedResults.class.getResourceAsStream(RESOURCE)) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        }
    }

    static void write(Path file) throws IOException {
        try (InputStream in = CannedResults.class.getResourceAsStream(RESOURCE)) {
            Files.copy(in, file);
        }
    }
}
