package dev.polybridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Start the Python context and print versions, whether the GraalPy JIT is active, "
                + "and the time from JVM start to the first Python result.")
public class InfoCommand implements Runnable {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public void run() {
        try (PythonBridge bridge = PythonBridge.open(BridgeConfig.defaults())) {
            bridge.load("polybridge_probe");
            String interpreter = (String) bridge.call("interpreter");
            long firstResultMs = System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime();
            print(describe(bridge, interpreter, firstResultMs));
        }
    }

    private static Map<String, Object> describe(PythonBridge bridge, String interpreter, long firstResultMs) {
        var info = new LinkedHashMap<String, Object>();
        info.put("polybridge", new VersionProvider().getVersion()[0]);
        info.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        info.put("python", interpreter + " on GraalPy " + PythonBridge.graalPyVersion());
        info.put("truffle_runtime", bridge.runtimeName());
        info.put("jit", bridge.isCompilationEnabled());
        info.put("onnxruntime", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        info.put("entry_threads", bridge.config().entryThreads());
        info.put("workers", bridge.config().workers());
        info.put("python_path", String.join(":", bridge.pythonPath()));
        info.put("context_startup_ms", bridge.startupTime().toMillis());
        info.put("first_result_ms_since_jvm_start", firstResultMs);
        return info;
    }

    private void print(Map<String, Object> info) {
        if (json) {
            try {
                System.out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(info));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            info.forEach((key, value) -> System.out.printf("%-32s %s%n", key, value));
        }
    }
}
