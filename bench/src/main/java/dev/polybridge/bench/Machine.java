package dev.polybridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the machine is, for reports. */
final class Machine {
    private Machine() {}

    /** The head every benchmark's results JSON starts with: when, and on what CPU with how many cores. */
    static Map<String, Object> resultsHead(String date) {
        var head = new LinkedHashMap<String, Object>();
        head.put("date", date);
        head.put("cpu", cpuModel());
        head.put("cores", Runtime.getRuntime().availableProcessors());
        return head;
    }

    static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
