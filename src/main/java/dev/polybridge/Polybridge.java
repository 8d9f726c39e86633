package dev.polybridge;

import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import dev.polybridge.memory.MemoryAttribution;
import dev.polybridge.memory.MemoryReport;
import dev.polybridge.memory.MemoryReporter;
import dev.polybridge.memory.MemorySnapshot;
import dev.polybridge.sentiment.OnnxEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One polybridge: a GraalPy context with its worker pool ({@link #bridge()}), the ONNX Runtime sessions the sentiment
 * classifiers on it share, and the memory their loading added. A host creates one (one per process is the design:
 * per JVM, per Spark executor), shares it between threads and closes it; closing drains the accepted work, then
 * closes the sessions and the context.
 *
 * <pre>{@code
 * try (Polybridge polybridge = Polybridge.open(BridgeConfig.defaults())) {
 *     SentimentClassifier classifier = SentimentClassifier.open(polybridge, SentimentOptions.defaults(modelDir));
 *     List<Classification> results = classifier.classify(List.of("A wonderful wine.", "Thin and sour."));
 *     MemoryReport memory = polybridge.memoryReport();
 * }
 * }</pre>
 */
public final class Polybridge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Polybridge.class.getName());

    /** A context started ahead ({@link #startAhead}), kept for the next open that fits it. */
    private static final AtomicReference<ContextStart> AHEAD = new AtomicReference<>();

    private final MemoryAttribution memory;
    private final PythonBridge bridge;
    private final Map<EngineKey, OnnxEngine> engines = new LinkedHashMap<>();
    private boolean closed;

    /** A session's key: the model file as an absolute, normalized path, so that one file has one session. */
    private record EngineKey(Path modelFile, int intraOpThreads) {
        EngineKey {
            modelFile = modelFile.toAbsolutePath().normalize();
        }
    }

    /**
     * A context's start under way, with the attribution that counts its memory from {@code before}, taken just before
     * it began; {@code ahead} when {@link #startAhead} began it.
     */
    private record ContextStart(
            PythonBridge.Starting starting, MemoryAttribution memory, MemorySnapshot before, boolean ahead) {

        static ContextStart now(BridgeConfig config, boolean jvmFigures, boolean ahead) {
            MemoryAttribution memory = new MemoryAttribution(jvmFigures);
            MemorySnapshot before = memory.snapshot();
            return new ContextStart(PythonBridge.start(config), memory, before, ahead);
        }
    }

    private Polybridge(MemoryAttribution memory, PythonBridge bridge) {
        this.memory = memory;
        this.bridge = bridge;
    }

    /**
     * Starts the Python context; the memory it adds is recorded as the first phase of {@link #memory()}, each snapshot
     * after a full collection, so that its heap figures count live data ({@link MemoryAttribution}).
     */
    public static Polybridge open(BridgeConfig config) {
        return open(config, true);
    }

    /**
     * As {@link #open(BridgeConfig)}; with {@code jvmFigures} false the attribution's snapshots read the process's RSS,
     * PSS, USS and anonymous memory only ({@link MemoryAttribution}), without the full collections, which hold up the
     * start and move the loading's short-lived objects into the old generation, and without the JVM's own readings.
     */
    public static Polybridge open(BridgeConfig config, boolean jvmFigures) {
        ContextStart start = aheadOrNow(config, jvmFigures);
        return new Polybridge(
                start.memory(),
                start.memory()
                        .measure(
                                "python context (GraalPy)",
                                start.before(),
                                () -> start.starting().open(config)));
    }

    /**
     * Begins a context's start now, on a thread of its own, for the next {@code open} in this process whose config
     * fits it (the same Python path and compiled bytecode; the workers may differ) and whose attribution reads the
     * process's figures only: a command that will need a context starts it before it reads its options and checks its
     * files, which then no longer delay it. The memory it adds is attributed from here on, so the open's phase also
     * counts what the process did meanwhile. An open that does not fit closes it, and so does
     * {@link #abandonStartedAhead}.
     */
    public static void startAhead(BridgeConfig config) {
        ContextStart previous = AHEAD.getAndSet(ContextStart.now(config, false, true));
        if (previous != null) previous.starting().abandon();
    }

    /** Closes a context started ahead that no open took, once its start has finished; returns at once. */
    public static void abandonStartedAhead() {
        ContextStart ahead = AHEAD.getAndSet(null);
        if (ahead != null) ahead.starting().abandon();
    }

    /** The context started ahead if it fits {@code config} and {@code jvmFigures}, else one started now. */
    private static ContextStart aheadOrNow(BridgeConfig config, boolean jvmFigures) {
        ContextStart ahead = AHEAD.getAndSet(null);
        if (ahead != null) {
            if (!jvmFigures && ahead.starting().fits(config)) return ahead;
            ahead.starting().abandon();
        }
        return ContextStart.now(config, jvmFigures, false);
    }

    /**
     * An ONNX Runtime session to create while the context starts and {@code inContext} runs in it: once {@code ready}
     * has returned (the model file's check, which throws when it failed), the session for {@code modelFile} with
     * {@code intraOpThreads} threads per run. {@code inContext} is Python work that needs no session (a pipeline's
     * import), named {@code inContextName} in the memory attribution.
     */
    public record SessionStart(
            Path modelFile,
            int intraOpThreads,
            Runnable ready,
            String inContextName,
            Consumer<PythonBridge> inContext) {}

    /**
     * As {@link #open(BridgeConfig, boolean)}, with {@code session} created beside the context's initialisation and
     * the Python work that follows it: each keeps one core busy for seconds, and the session of a full-size fp32 model
     * takes longer than the context. {@link #engine} then finds the session ready. The memory all of it adds is one
     * phase of {@link #memory()}, named after each part. If one side fails, the other is closed and the failure
     * thrown.
     */
    public static Polybridge open(BridgeConfig config, boolean jvmFigures, SessionStart session) {
        EngineKey key = new EngineKey(session.modelFile(), session.intraOpThreads());
        long opened = System.nanoTime();
        ContextStart start = aheadOrNow(config, jvmFigures);
        long contextBegan = start.starting().startedNanos();
        MemoryAttribution memory = start.memory();
        Alongside<PythonBridge, OnnxEngine> started = memory.measure(
                "python context (GraalPy) and " + session.inContextName()
                        + ", and beside them the ONNX Runtime session for "
                        + key.modelFile().getFileName(),
                start.before(),
                () -> Alongside.run(
                        () -> openAndRun(config, start.starting(), session.inContext()),
                        PythonBridge::close,
                        OnnxEngine.SESSION_THREAD,
                        () -> {
                            session.ready().run();
                            return OnnxEngine.open(key.modelFile(), key.intraOpThreads());
                        },
                        OnnxEngine::close));
        LOG.info(() -> ("started in %d ms: the context%s and %s in %d ms, beside them the ONNX Runtime session in %d"
                        + " ms")
                .formatted(
                        millis(opened, Math.max(started.hereDone(), started.thereDone())),
                        start.ahead() ? " (started ahead, %d ms before)".formatted(millis(contextBegan, opened)) : "",
                        session.inContextName(),
                        millis(contextBegan, started.hereDone()),
                        millis(opened, started.thereDone())));
        Polybridge polybridge = new Polybridge(memory, started.here());
        polybridge.engines.put(key, started.there());
        return polybridge;
    }

    private static PythonBridge openAndRun(
            BridgeConfig config, PythonBridge.Starting starting, Consumer<PythonBridge> inContext) {
        PythonBridge bridge = starting.open(config);
        try {
            inContext.accept(bridge);
            return bridge;
        } catch (RuntimeException | Error e) {
            Alongside.undo(PythonBridge::close, bridge, e);
            throw e;
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** The Python context: load modules and call their functions. */
    public PythonBridge bridge() {
        return bridge;
    }

    /**
     * The ONNX Runtime session for {@code modelFile} with {@code intraOpThreads} threads per run, created on first use
     * and shared by every classifier of this polybridge. The memory a new session adds is measured by the caller, as
     * a phase of {@link #memory()} that names what else it covers ({@code SentimentClassifier} imports its pipeline
     * meanwhile).
     */
    public synchronized OnnxEngine engine(Path modelFile, int intraOpThreads) {
        if (closed) {
            throw new IllegalStateException("this polybridge is closed");
        }
        EngineKey key = new EngineKey(modelFile, intraOpThreads);
        OnnxEngine engine = engines.get(key);
        if (engine == null) {
            engine = OnnxEngine.open(key.modelFile(), key.intraOpThreads());
            engines.put(key, engine);
        }
        return engine;
    }

    /** Whether {@link #engine} has the session for {@code modelFile} and {@code intraOpThreads} already. */
    public synchronized boolean hasEngine(Path modelFile, int intraOpThreads) {
        return engines.containsKey(new EngineKey(modelFile, intraOpThreads));
    }

    /** The ONNX Runtime sessions open now, for their run counters. */
    public synchronized List<OnnxEngine> engines() {
        return List.copyOf(engines.values());
    }

    /** What starting the context and loading each model added to the process's memory. */
    public MemoryAttribution memory() {
        return memory;
    }

    /** The whole process's memory now (RSS, PSS, the JVM's view), with the phases of {@link #memory()}. */
    public MemoryReport memoryReport() {
        return MemoryReporter.current(memory.phases());
    }

    /** Drains the work accepted by the bridge's workers, then closes the context and every ONNX Runtime session. */
    @Override
    public void close() {
        List<OnnxEngine> closing;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = new ArrayList<>(engines.values());
            engines.clear();
        }
        try {
            bridge.close();
        } finally {
            closing.forEach(OnnxEngine::close);
        }
    }
}
