package dev.polybridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine is, for reports. */
final class Machine {
    private Machine() {
    }

    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
