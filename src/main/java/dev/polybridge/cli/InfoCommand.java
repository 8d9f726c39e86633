package dev.polybridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Start the Python context and print versions, whether the GraalPy JIT is active, "
                + "and the time from JVM start to the first Python result.")
public class InfoCommand implements Runnable {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public void run() {
        PythonBridge bridge = PythonBridge.start(BridgeConfig.defaults());
        bridge.load("polybridge_bench.calls");
        bridge.call("noop");
        long firstResultMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        var info = new LinkedHashMap<String, Object>();
        info.put("polybridge", new VersionProvider().getVersion()[0]);
        info.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vendor") + ")");
        info.put("python", bridge.pythonVersion() + " on GraalPy " + PythonBridge.graalPyVersion());
        info.put("truffle_runtime", bridge.runtimeName());
        info.put("jit", bridge.isCompilationEnabled());
        info.put("onnxruntime", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        info.put("entry_threads", bridge.config().entryThreads());
        info.put("workers", bridge.config().workers());
        info.put("python_path", bridge.config().pythonPath().toString());
        info.put("context_startup_ms", bridge.startupTime().toMillis());
        info.put("first_result_ms_since_jvm_start", firstResultMs);
        print(info);
    }

    private void print(Map<String, Object> info) {
        if (json) {
            try {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else {
            info.forEach((key, value) -> System.out.printf("%-32s %s%n", key, value));
        }
    }
}
