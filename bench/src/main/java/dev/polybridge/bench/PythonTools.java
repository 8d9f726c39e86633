package dev.polybridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bench/python helpers the comparison reuses rather than re-implements: flops.py (the FLOP count of a run),
 * gemm_peak.py (this machine's measured MatMul ceiling), charts.py (the SVG charts). Each prints JSON.
 */
final class PythonTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Approaches.Toolchain tools;

    PythonTools(Approaches.Toolchain tools) {
        this.tools = tools;
    }

    /** flops.py --summary on a run's figures (items, classify_s, padded_work). */
    JsonNode flops(Path config, JsonNode figures) throws IOException, InterruptedException {
        return run(
                List.of("flops.py", "--config", config.toString(), "--summary", "-"), JSON.writeValueAsString(figures));
    }

    JsonNode gemmPeak() throws IOException, InterruptedException {
        return run(List.of("gemm_peak.py"), null);
    }

    JsonNode charts(Path results, Path folder) throws IOException, InterruptedException {
        return run(List.of("charts.py", results.toString(), "--out", folder.toString()), null);
    }

    private JsonNode run(List<String> scriptAndArguments, String stdin) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(tools.python().toString());
        command.add(tools.scripts().resolve(scriptAndArguments.getFirst()).toString());
        command.addAll(scriptAndArguments.subList(1, scriptAndArguments.size()));
        Process process = new ProcessBuilder(command).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var errors = new ByteArrayOutputStream();
        Thread errorReader = Thread.ofVirtual().start(() -> {
            try (var err = process.getErrorStream()) {
                err.transferTo(errors);
            } catch (IOException ignored) {
                // What was read so far is reported.
            }
        });
        String output;
        try (var out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        errorReader.join();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(scriptAndArguments.getFirst() + " failed (exit " + exit + "): "
                    + errors.toString(StandardCharsets.UTF_8).strip());
        }
        return JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
    }
}
