package dev.polybridge.spark;

import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.OutputRecord;
import dev.polybridge.classify.RowSource;
import dev.polybridge.memory.MemoryAttribution;
import dev.polybridge.memory.PeakMemorySampler;
import dev.polybridge.memory.PhaseDelta;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * The executor JVM's one polybridge: one GraalPy context and one ONNX Runtime session, built on the first task
 * that needs it and shared by all the executor's task threads, closed when the executor shuts down
 * ({@link PolybridgePlugin}). Each task's partition runs through classify's own {@link ClassifyJob} (windows,
 * sorting by length, batches, workers in flight) on it.
 *
 * <p>This is the only class of the module that touches the core's classifier, bridge and memory attribution, so
 * that moving to the core's owner object is an edit here.
 */
final class ExecutorPolybridge {

    /** Batches waiting for a worker: each task thread keeps at most {@code workers} in flight, far below this. */
    private static final int QUEUED_BATCHES = 1024;
    private static final Object LOCK = new Object();
    private static Running running;
    private static Failure failure;
    private static int built;

    private record Running(ExecutorSettings settings, SentimentClassifier classifier, FailedBatchesAsErrors forJobs,
                           PeakMemorySampler memory, double startupSeconds, double readyAtUptimeSeconds,
                           List<PhaseDelta> phases, AtomicLong tasks, AtomicLong rows) {
    }

    private record Failure(ExecutorSettings settings, ExecutorSetupException cause) {
    }

    private ExecutorPolybridge() {
    }

    /** Classifies one partition's rows; {@code sink} receives the records in input order. */
    static ClassifyJob.Result classify(ExecutorSettings settings, RowSource rows, Consumer<List<OutputRecord>> sink)
            throws InterruptedException {
        Running polybridge = obtain(settings);
        ClassifyJob job = new ClassifyJob(polybridge.forJobs(), new ClassifyJob.Settings(settings.workers(),
                settings.batchSize(), settings.sortByLength(), false, ClassifyJob.FILE_WINDOW_ROWS), false, sink, done -> { });
        ClassifyJob.Result result = job.run(rows);
        polybridge.tasks().incrementAndGet();
        polybridge.rows().addAndGet(result.rows());
        return result;
    }

    /** Where the Python pipeline is read from when --python-path is not given. */
    static Path defaultPythonPath() {
        return BridgeConfig.defaultPythonPath();
    }

    /** This executor's figures so far; null when it has not built its polybridge. */
    static ExecutorReport report() {
        Running polybridge;
        int bridges;
        synchronized (LOCK) {
            polybridge = running;
            bridges = built;
        }
        if (polybridge == null) return null;
        PeakMemorySampler.PeakMemory peak = polybridge.memory().peak();
        List<ExecutorReport.PhaseShare> phases = polybridge.phases().stream()
                .map(p -> new ExecutorReport.PhaseShare(p.phase(), p.added().pssBytes(), p.added().rssBytes()))
                .toList();
        return new ExecutorReport(executorId(), ProcessHandle.current().pid(), bridges, polybridge.tasks().get(),
                polybridge.rows().get(), polybridge.forJobs().failedBatches(), peak.peakPssBytes(),
                peak.peakRssBytes(), phases, polybridge.startupSeconds(), polybridge.readyAtUptimeSeconds(),
                polybridge.classifier().describe());
    }

    /** A new executor starts counting the polybridges it builds (in local mode one JVM hosts one executor after another). */
    static void executorStarted() {
        synchronized (LOCK) {
            built = 0;
        }
    }

    /** Closes the context; the next task builds a new one. */
    static void close() {
        Running closing;
        synchronized (LOCK) {
            closing = running;
            running = null;
            failure = null;
        }
        if (closing != null) {
            closing.classifier().bridge().close();
            closing.memory().close();
        }
    }

    /**
     * Builds the polybridge under the class loader of this class: the threads it starts (the context's entry
     * threads, Truffle's compiler threads) inherit the context class loader, and a Spark 4 SQL task runs with its
     * session's {@code ExecutorClassLoader}, under which the Graal compiler fails to initialise ("Compiler
     * initialization failed cannot continue": a JVMCI package "is not open to module jdk.graal.compiler").
     */
    private static Running obtain(ExecutorSettings settings) {
        synchronized (LOCK) {
            if (running != null) {
                if (!running.settings().equals(settings)) {
                    throw new IllegalStateException(("executor %s already runs polybridge with %s; one application "
                            + "classifies with one setting").formatted(executorId(), running.settings()));
                }
                return running;
            }
            if (failure != null && failure.settings().equals(settings)) throw failure.cause();
            Thread thread = Thread.currentThread();
            ClassLoader taskLoader = thread.getContextClassLoader();
            thread.setContextClassLoader(ExecutorPolybridge.class.getClassLoader());
            try {
                running = open(settings);
                built++;
                return running;
            } catch (RuntimeException e) {
                failure = new Failure(settings, new ExecutorSetupException("executor %s cannot build its polybridge: %s"
                        .formatted(executorId(), e.getMessage()), e));
                throw failure.cause();
            } finally {
                thread.setContextClassLoader(taskLoader);
            }
        }
    }

    private static Running open(ExecutorSettings settings) {
        if (settings.requireJit()) JitFlags.requireInThisJvm("its JVM");
        long start = System.nanoTime();
        PeakMemorySampler memory = PeakMemorySampler.start(PeakMemorySampler.DEFAULT_INTERVAL);
        int phasesBefore = MemoryAttribution.process().phases().size();
        Path modelDir = settings.modelDir() != null ? Path.of(settings.modelDir()) : Path.of(SparkFiles.getRootDirectory());
        SentimentOptions options = new SentimentOptions(modelDir, settings.precision(), settings.workers(),
                settings.batchSize(), settings.sortByLength(), settings.intraOpThreads());
        BridgeConfig bridge = new BridgeConfig(List.of(Path.of(settings.pythonPath())), settings.workers(),
                settings.workers(), QUEUED_BATCHES, null);
        SentimentClassifier classifier;
        try {
            classifier = SentimentClassifier.open(options, bridge);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        if (settings.requireJit() && !classifier.bridge().isCompilationEnabled()) {
            classifier.bridge().close();
            memory.close();
            throw new IllegalStateException("GraalPy runs interpreter-only although the JIT flags are set");
        }
        List<PhaseDelta> phases = MemoryAttribution.process().phases();
        return new Running(settings, classifier, new FailedBatchesAsErrors(classifier), memory,
                (System.nanoTime() - start) / 1e9, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                List.copyOf(phases.subList(Math.min(phasesBefore, phases.size()), phases.size())),
                new AtomicLong(), new AtomicLong());
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }
}
