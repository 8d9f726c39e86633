package dev.polybridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonBytecodeTest {
    /** A checked-hash .pyc: magic, flags, the source's hash, then the marshalled code (PEP 552). */
    private static final int PYC_HEADER_BYTES = 16;

    @TempDir
    Path temp;

    @Test
    void theRecordedPycsCoverThePipelineModules() throws IOException {
        Path folder = temp.resolve("bytecode");

        int written = PythonBytecode.record(
                folder, BridgeConfig.defaults().withWorkers(1), List.of("polybridge_sentiment.pipeline"));

        assertThat(written).isEqualTo(pycs(folder).size());
        assertThat(pycs(folder))
                .extracting(pyc -> pyc.getFileName().toString().replaceFirst("\\..*", ""))
                .contains("pipeline", "tokenizer", "_unicode_tables", "polybridge_runtime");
    }

    /**
     * The context runs a .pyc whose hash matches its source, and parses the source again once the source changed.
     * The first .pyc is forged (the code of VALUE = 3 under the hash of VALUE = 1), so that running it shows.
     */
    @Test
    void aMatchingPycIsRunAndAStaleOneIsNot() throws IOException {
        Path sources = Files.createDirectories(temp.resolve("sources"));
        Path module = sources.resolve("probe_value.py");
        BridgeConfig config = BridgeConfig.defaults().withWorkers(1).withPythonPath(List.of(sources));
        Files.writeString(module, source(3));
        byte[] codeOf3 = Files.readAllBytes(probePyc(record(config, "of3")));
        Files.writeString(module, source(1));
        Path folder = record(config, "of1");
        Path pyc = probePyc(folder);
        byte[] forged = Arrays.copyOf(Arrays.copyOf(Files.readAllBytes(pyc), PYC_HEADER_BYTES), codeOf3.length);
        System.arraycopy(codeOf3, PYC_HEADER_BYTES, forged, PYC_HEADER_BYTES, codeOf3.length - PYC_HEADER_BYTES);
        Files.write(pyc, forged);

        assertThat(valueWith(config.withBytecode(folder)))
                .as("the .pyc matching the source is run")
                .isEqualTo(3L);
        Files.writeString(module, source(2));
        assertThat(valueWith(config.withBytecode(folder)))
                .as("a changed source is parsed again")
                .isEqualTo(2L);
        assertThat(valueWith(config)).as("without bytecode").isEqualTo(2L);
    }

    @Test
    void aFolderOtherUsersMayWriteToIsRefused() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(PythonBytecode.usable(folder.toString())).isNull();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(PythonBytecode.usable(folder.toString())).isEqualTo(folder);
        assertThat(PythonBytecode.usable("")).as("an empty value turns it off").isNull();
    }

    private static String source(int value) {
        return "VALUE = " + value + "\n\n\ndef value():\n    return VALUE\n";
    }

    private Path record(BridgeConfig config, String name) throws IOException {
        Path folder = temp.resolve(name);
        PythonBytecode.record(folder, config, List.of("probe_value"));
        return folder;
    }

    private static Path probePyc(Path folder) throws IOException {
        return pycs(folder).stream()
                .filter(f -> f.getFileName().toString().startsWith("probe_value."))
                .findFirst()
                .orElseThrow();
    }

    private static long valueWith(BridgeConfig config) {
        try (PythonBridge bridge = PythonBridge.open(config)) {
            bridge.load("probe_value");
            return (Long) bridge.call("value");
        }
    }

    private static List<Path> pycs(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".pyc")).toList();
        }
    }
}
