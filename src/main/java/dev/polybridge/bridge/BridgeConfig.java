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
 * @param bytecode      a folder of compiled .pyc files ({@link PythonBytecode}) the context reads instead of parsing
 *                      the sources they match; {@code null} for none
 */
public record BridgeConfig(
        List<Path> pythonPath, int entryThreads, int workers, int queueCapacity, Duration callTimeout, Path bytecode) {

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
        if (bytecode != null) bytecode = bytecode.toAbsolutePath().normalize();
    }

    /**
     * Defaults: polybridge's own modules only, one entry thread, one worker per core, 1024 queued tasks, no timeout,
     * and the compiled bytecode that {@code -Dpolybridge.python-bytecode=DIR} names, if any.
     */
    public static BridgeConfig defaults() {
        return new BridgeConfig(
                List.of(), 1, Runtime.getRuntime().availableProcessors(), 1024, null, PythonBytecode.configured());
    }

    public BridgeConfig withPythonPath(List<Path> folders) {
        return new BridgeConfig(folders, entryThreads, workers, queueCapacity, callTimeout, bytecode);
    }

    public BridgeConfig withWorkers(int n) {
        return new BridgeConfig(pythonPath, entryThreads, n, queueCapacity, callTimeout, bytecode);
    }

    public BridgeConfig withEntryThreads(int n) {
        return new BridgeConfig(pythonPath, n, workers, queueCapacity, callTimeout, bytecode);
    }

    public BridgeConfig withQueueCapacity(int n) {
        return new BridgeConfig(pythonPath, entryThreads, workers, n, callTimeout, bytecode);
    }

    public BridgeConfig withCallTimeout(Duration timeout) {
        return new BridgeConfig(pythonPath, entryThreads, workers, queueCapacity, timeout, bytecode);
    }

    public BridgeConfig withBytecode(Path folder) {
        return new BridgeConfig(pythonPath, entryThreads, workers, queueCapacity, callTimeout, folder);
    }
}
