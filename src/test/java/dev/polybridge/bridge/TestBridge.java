package dev.polybridge.bridge;

import java.nio.file.Path;
import java.util.List;

/** The tests' shared bridge: the one context of the test JVM, with src/test/python on its path. */
public final class TestBridge {
    public static final BridgeConfig CONFIG = BridgeConfig.defaults()
            .withPythonPath(List.of(Path.of("src/main/python"), Path.of("src/test/python")))
            .withWorkers(8)
            .withQueueCapacity(4096);

    private TestBridge() {
    }

    public static PythonBridge get() {
        return with(CONFIG);
    }

    /** Returns the running bridge if it has {@code config}, else closes it and starts one that has. */
    public static synchronized PythonBridge with(BridgeConfig config) {
        PythonBridge.running().filter(running -> !running.config().equals(config)).ifPresent(PythonBridge::close);
        PythonBridge bridge = PythonBridge.start(config);
        bridge.load("bridge_fixtures");
        bridge.load("polybridge_bench.calls"); // spin, noop, host_wait
        return bridge;
    }
}
