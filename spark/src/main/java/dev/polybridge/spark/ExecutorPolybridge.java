package dev.polybridge.spark;

import dev.polybridge.Polybridge;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.OutputRecord;
import dev.polybridge.classify.RowSource;
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
 * <p>The {@link Polybridge} is the core's owner object: closing it closes the context and the session.
 */
final class ExecutorPolybridge {

    /** Batches waiting for a worker: each task thread keeps at most {@code workers} in flight, far below this. */
    private static final int QUEUED_BATCHES = 1024;

    private static final Object LOCK = new Object();
    private static Running running;
    private static Failure failure;
    private static int built;

    private record Running(
            ExecutorSettings settings,
            Polybridge polybridge,
            SentimentClassifier classifier,
            FailedBatchesAsErrors forJobs,
            PeakMemorySampler memory,
            double startupSeconds,
            double readyAtUptimeSeconds,
            List<PhaseDelta> phases,
            AtomicLong tasks,
            AtomicLong rows) {}

    private record Failure(ExecutorSettings settings, ExecutorSetupException cause) {}

    private ExecutorPolybridge() {}

    /** Classifies one partition's rows; {@code sink} receives the records in input order. */
    static ClassifyJob.Result classify(ExecutorSettings settings, RowSource rows, Consumer<List<OutputRecord>> sink)
            throws InterruptedException {
        Running polybridge = obtain(settings);
        ClassifyJob job = new ClassifyJob(
                polybridge.forJobs(),
                new ClassifyJob.Settings(
                        settings.workers(),
                        settings.batchSize(),
                        settings.sortByLength(),
                        false,
                        ClassifyJob.FILE_WINDOW_ROWS),
                false,
                sink,
                done -> {});
        ClassifyJob.Result result = job.run(rows);
        polybridge.tasks().incrementAndGet();
        polybridge.rows().addAndGet(result.rows());
        return result;
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
                .map(p -> new ExecutorReport.PhaseShare(
                        p.phase(), p.added().pssBytes(), p.added().rssBytes()))
                .toList();
        return new ExecutorReport(
                executorId(),
                ProcessHandle.current().pid(),
                bridges,
                polybridge.tasks().get(),
                polybridge.rows().get(),
                polybridge.forJobs().failedBatches(),
                peak.peakPssBytes(),
                peak.peakRssBytes(),
                phases,
                polybridge.startupSeconds(),
                polybridge.readyAtUptimeSeconds(),
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
            closing.polybridge().close();
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
                                    + "classifies with one setting")
                            .formatted(executorId(), running.settings()));
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
                failure = new Failure(
                        settings,
                        new ExecutorSetupException(
                                "executor %s cannot build its polybridge: %s".formatted(executorId(), e.getMessage()),
                                e));
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
        Path modelDir =
                settings.modelDir() != null ? Path.of(settings.modelDir()) : Path.of(SparkFiles.getRootDirectory());
        SentimentOptions options = new SentimentOptions(
                modelDir,
                settings.precision(),
                settings.workers(),
                settings.batchSize(),
                settings.sortByLength(),
                settings.intraOpThreads());
        Polybridge polybridge = null;
        try {
            // The executor's report shows the RSS and PSS each loading phase added, not their heap: no full
            // collections before the snapshots.
            polybridge = Polybridge.open(options.bridgeConfig().withQueueCapacity(QUEUED_BATCHES), false);
            SentimentClassifier classifier = SentimentClassifier.open(polybridge, options);
            if (settings.requireJit() && !polybridge.bridge().isCompilationEnabled()) {
                throw new IllegalStateException("GraalPy runs interpreter-only although the JIT flags are set");
            }
            return new Running(
                    settings,
                    polybridge,
                    classifier,
                    new FailedBatchesAsErrors(classifier),
                    memory,
                    (System.nanoTime() - start) / 1e9,
                    ManagementFactory.getRuntimeMXBean().getUptime() / 1e3,
                    polybridge.memory().phases(),
                    new AtomicLong(),
                    new AtomicLong());
        } catch (RuntimeException e) {
            if (polybridge != null) polybridge.close();
            memory.close();
            throw e;
        }
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }
}
