package dev.polybridge.bridge;

import dev.polybridge.Polybridge;
import java.nio.file.Path;
import java.util.List;

/** The tests' shared polybridge, with src/test/python on its path; one at a time in the test JVM. */
public final class TestBridge {
    public static final BridgeConfig CONFIG = BridgeConfig.defaults()
            .withPythonPath(List.of(Path.of("src/test/python")))
            .withWorkers(8)
            .withQueueCapacity(4096);

    private static Polybridge current;

    private TestBridge() {}

    public static PythonBridge get() {
        return with(CONFIG);
    }

    public static synchronized Polybridge polybridge() {
        get();
        return current;
    }

    /** The shared bridge if it is open with {@code config}; else it closes that one and opens one that is. */
    public static synchronized PythonBridge with(BridgeConfig config) {
        if (current != null
                && !(current.bridge().isOpen() && current.bridge().config().equals(config))) {
            current.close();
            current = null;
        }
        if (current == null) {
            current = Polybridge.open(config);
            current.bridge().load("bridge_fixtures");
        }
        return current.bridge();
    }
}
