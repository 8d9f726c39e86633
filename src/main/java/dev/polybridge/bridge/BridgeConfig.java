package dev.polybridge.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a Python context and its workers are set up.
 *
 * @param pythonPath    host folders Python modules also load from, after polybridge's own modules in the jar
 * @param entryThreads  platform threads that enter the context; one is the measured baseline
 * @param workers       long-lived virtual-thread workers
 * @param queueCapacity tasks that may wait for a worker before {@code submit} is refused
 * @param callTimeout   default timeout for submitted calls; {@code null} for none
 */
public record BridgeConfig(
        List<Path> pythonPath, int entryThreads, int workers, int queueCapacity, Duration callTimeout) {

    public BridgeConfig {
        pythonPath =
                pythonPath.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        for (Path folder : pythonPath) {
            if (!Files.isDirectory(folder)) {
                throw new BridgeException("Python source folder not found: " + folder);
            }
        }
        if (entryThreads < 1) throw new IllegalArgumentException("entryThreads must be >= 1, got " + entryThreads);
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
    }

    /** Defaults: polybridge's own modules only, one entry thread, one worker per core, 1024 queued tasks, no timeout. */
    public static BridgeConfig defaults() {
        return new BridgeConfig(List.of(), 1, Runtime.getRuntime().availableProcessors(), 1024, null);
    }

    public BridgeConfig withPythonPath(List<Path> folders) {
        return new BridgeConfig(folders, entryThreads, workers, queueCapacity, callTimeout);
    }

    public BridgeConfig withWorkers(int n) {
        return new BridgeConfig(pythonPath, entryThreads, n, queueCapacity, callTimeout);
    }

    public BridgeConfig withEntryThreads(int n) {
        return new BridgeConfig(pythonPath, n, workers, queueCapacity, callTimeout);
    }

    public BridgeConfig withQueueCapacity(int n) {
        return new BridgeConfig(pythonPath, entryThreads, workers, n, callTimeout);
    }

    public BridgeConfig withCallTimeout(Duration timeout) {
        return new BridgeConfig(pythonPath, entryThreads, workers, queueCapacity, timeout);
    }
}
