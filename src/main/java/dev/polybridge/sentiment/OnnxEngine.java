package dev.polybridge.sentiment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.HostAccess;

/**
 * The inference engine the Python pipeline calls: one ONNX Runtime session for a model file, shared by every worker
 * ({@link dev.polybridge.Polybridge#engine} keeps one per model file and intra-op thread count). Python sees only the
 * exported {@link #run} and {@link #runMaxRows}; while a run is inside, GraalPy releases its GIL, so other workers can
 * tokenize meanwhile.
 *
 * <p>The model is an ORT-format file ({@code make model} writes it, graph optimized ahead of time), mapped into memory
 * and used in place: ONNX Runtime reads its graph and its initializers from the mapping instead of parsing and copying
 * them, so a session starts in a fraction of the time. Once the session has repacked the weights of its matrix
 * multiplications, the mapping's pages leave the process; those it still reads come back from the page cache, shared
 * with every process that maps the same file. The mapping lives as long as the session.
 *
 * <p>A run takes at most {@value #RUN_MAX_ROWS} rows; a larger batch runs as slices of that many rows, each padded to
 * its own longest row, which the caller and, when there is more than one turn, helper threads take in turn. At most
 * cores ÷ intra-op threads runs are inside ONNX Runtime at once, whichever batch they come from; the rest wait for a
 * turn. Every running slice holds its activations in ONNX Runtime's arena, so slicing keeps a large batch's memory at
 * that of a few small ones, and single-threaded runs side by side skip the synchronisation one run on every core costs.
 * The arena keeps the regions of the largest runs for the next ones: handing them back after every run ({@link
 * #ARENA_SHRINKAGE}) saves tens of MiB and costs up to a third of the speed, so it is a choice, not the default.
 */
public final class OnnxEngine implements AutoCloseable {
    /** The name of the thread that creates a session beside the start's Python work (thread dumps show it). */
    public static final String SESSION_THREAD = "polybridge-onnx-session";
    /** The name of the threads that run a large batch's slices beside the caller's. */
    public static final String SLICE_THREAD = "polybridge-onnx-slice";
    /**
     * The most rows one ONNX Runtime run takes. Runs of 8 rows side by side on one thread each were the fastest way
     * ONNX Runtime alone ran the benchmark's batches, and hold less than larger runs (docs/memory.md, "Ninth round"
     * and "Tenth round").
     */
    public static final int RUN_MAX_ROWS = 8;

    private final Path modelFile;
    private final int intraOpThreads;
    private final OrtEnvironment environment;
    private final Arena mapping;
    private final OrtSession session;
    private final OrtSession.RunOptions runOptions;
    private final int numLabels;
    private final int turns;
    private final Semaphore runTurns;
    private final ExecutorService sliceHelpers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name(SLICE_THREAD + "-", 1).factory());
    private volatile boolean closed;
    private final AtomicInteger peakRunning = new AtomicInteger();
    private final AtomicLong runNanos = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();

    /** Loads {@code modelFile} into a new session; the caller closes it. */
    public static OnnxEngine open(Path modelFile, int intraOpThreads) {
        return new OnnxEngine(modelFile.toAbsolutePath().normalize(), intraOpThreads);
    }

    private OnnxEngine(Path modelFile, int intraOpThreads) {
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelException("model file not found: " + modelFile + " (prepare it with: make model MODEL="
                    + modelFile.getParent().getFileName() + ")");
        }
        this.modelFile = modelFile;
        this.intraOpThreads = intraOpThreads;
        this.turns = concurrentRuns(Runtime.getRuntime().availableProcessors(), intraOpThreads);
        this.runTurns = new Semaphore(turns, true);
        this.environment = OrtEnvironment.getEnvironment();
        this.mapping = Arena.ofShared();
        OrtSession created = null;
        OrtSession.RunOptions createdRunOptions = null;
        try (var options = new OrtSession.SessionOptions()) {
            MemorySegment model = map(modelFile, mapping);
            options.addConfigEntry("session.use_ort_model_bytes_directly", "1");
            options.addConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
            // What is left after make model's ahead-of-time level: the optimizations specific to this CPU.
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Planning a run's intermediate tensors as one block per input shape, kept for the next run of that
            // shape, held 22-75 MiB more across the sorted batches' many shapes and was no faster (docs/memory.md,
            // "Ninth round").
            options.setMemoryPatternOptimization(false);
            Map<String, String> runEntries = applyTuning(options, System.getProperty(TUNING_PROPERTY, ""));
            createdRunOptions = new OrtSession.RunOptions();
            for (var entry : runEntries.entrySet()) {
                createdRunOptions.addRunConfigEntry(entry.getKey(), entry.getValue());
            }
            if (runEntries.containsKey(ARENA_SHRINKAGE)) MallocMmapThreshold.fix();
            created = environment.createSession(model.asByteBuffer(), options);
            // Most weights now live repacked in the session; the file's pages it still reads (embeddings, norms,
            // biases) fault back in from the page cache on their first use, the rest leave this process.
            model.unload();
            var logits = created.getOutputInfo().get("logits");
            if (logits == null
                    || !created.getInputNames().containsAll(java.util.Set.of("input_ids", "attention_mask"))) {
                throw new ModelException(modelFile + " is not a sequence-classification export: it needs inputs "
                        + "input_ids and attention_mask and output logits, it has inputs " + created.getInputNames()
                        + " and outputs " + created.getOutputNames() + "; re-export it with make model");
            }
            long[] shape = ((ai.onnxruntime.TensorInfo) logits.getInfo()).getShape();
            this.numLabels = Math.toIntExact(shape[shape.length - 1]);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(created, createdRunOptions, e);
            mapping.close();
            if (e instanceof RuntimeException runtime) throw runtime;
            throw new ModelException(
                    "cannot load ONNX model " + modelFile + ": " + e.getMessage()
                            + " (the file may be truncated or corrupt; re-create it with make model)",
                    e);
        }
        this.session = created;
        this.runOptions = createdRunOptions;
    }

    /** The whole of {@code modelFile}, mapped read-only until {@code mapping} closes. */
    private static MemorySegment map(Path modelFile, Arena mapping) {
        try (FileChannel channel = FileChannel.open(modelFile)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelException(modelFile + " is " + size + " bytes; an ORT-format model is at most 2 GiB");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, mapping);
        } catch (IOException e) {
            throw new ModelException("cannot read ONNX model " + modelFile + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, OrtSession.RunOptions runOptions, Exception failure) {
        if (runOptions != null) runOptions.close();
        if (session == null) return;
        try {
            session.close();
        } catch (OrtException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * ONNX Runtime session settings for measurements (docs/memory.md): {@code -Dpolybridge.onnx.tuning=} a comma
     * list of {@code arena=true|false} (the CPU arena allocator), {@code memory-pattern=true|false}, ONNX Runtime
     * session config entries {@code key=value} ({@code session.disable_prepacking=1}, ...) and run config entries
     * {@code run.key=value}; an empty value leaves a run entry out, as if it were not named.
     */
    static final String TUNING_PROPERTY = "polybridge.onnx.tuning";

    /**
     * The run config entry that frees the arena's unused regions after every run, for runs that put memory before
     * speed: {@code -Dpolybridge.onnx.tuning=run.memory.enable_memory_arena_shrinkage=cpu:0}. The regions are then
     * mapped and faulted in again at every run (docs/memory.md, "Fifth round" and "Seventh round"), and glibc's mmap
     * threshold is fixed with it ({@link MallocMmapThreshold}) so that what the arena frees leaves the process.
     */
    static final String ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage";

    private static final String RUN_ENTRY = "run.";

    /** Applies {@code tuning} to {@code options}; returns the run config entries. */
    static Map<String, String> applyTuning(OrtSession.SessionOptions options, String tuning) throws OrtException {
        var runEntries = new LinkedHashMap<String, String>();
        for (String item : tuning.split(",")) {
            if (item.isBlank()) continue;
            int eq = item.indexOf('=');
            if (eq < 1) {
                throw new ModelException("-D" + TUNING_PROPERTY + ": expected key=value, got '" + item + "'");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            switch (key) {
                case "arena" -> options.setCPUArenaAllocator(bool(key, value));
                case "memory-pattern" -> options.setMemoryPatternOptimization(bool(key, value));
                default -> {
                    if (key.startsWith(RUN_ENTRY)) runEntries.put(key.substring(RUN_ENTRY.length()), value);
                    else options.addConfigEntry(key, value);
                }
            }
        }
        runEntries.values().removeIf(String::isEmpty);
        return runEntries;
    }

    private static boolean bool(String key, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new ModelException("-D" + TUNING_PROPERTY + ": " + key + " takes true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** How many runs may be inside ONNX Runtime at once: enough to keep every core busy, no more. */
    static int concurrentRuns(int cores, int intraOpThreads) {
        return Math.max(1, cores / Math.max(1, intraOpThreads));
    }

    /**
     * Runs the model on one batch: each row's token ids as the tokenizer gave them, padded here with {@code padId} and
     * masked there. Python hands its lists over whole, converted to {@code long[][]} by the bridge: writing a padded
     * array element by element from GraalPy's interpreter cost an order of magnitude more. The batch runs in slices of
     * up to {@value #RUN_MAX_ROWS} rows, each padded to its own longest row; the calling thread and up to turns - 1
     * helpers take them in turn.
     *
     * @return row-major {@code rows × numLabels} logits
     */
    @HostAccess.Export
    public float[] run(long[][] rows, long padId) {
        checkRows(rows);
        float[] logits = new float[rows.length * numLabels];
        int slices = Math.ceilDiv(rows.length, RUN_MAX_ROWS);
        AtomicInteger nextSlice = new AtomicInteger();
        Runnable takeSlices = () -> {
            for (int slice; (slice = nextSlice.getAndIncrement()) < slices; ) {
                try {
                    runSlice(
                            rows,
                            slice * RUN_MAX_ROWS,
                            Math.min(rows.length, (slice + 1) * RUN_MAX_ROWS),
                            padId,
                            logits);
                } catch (Throwable e) {
                    nextSlice.set(slices);
                    throw e;
                }
            }
        };
        var helpers = new ArrayList<Future<?>>();
        Throwable failure = null;
        try {
            for (int helper = 1; helper < Math.min(slices, turns); helper++) {
                helpers.add(sliceHelpers.submit(takeSlices));
            }
            takeSlices.run();
        } catch (Throwable e) {
            nextSlice.set(slices);
            failure = e;
        }
        for (Future<?> helper : helpers) {
            Throwable helperFailure = joinUninterruptibly(helper);
            if (helperFailure == null) continue;
            if (failure == null) failure = helperFailure;
            else failure.addSuppressed(helperFailure);
        }
        if (failure instanceof RuntimeException runtime) throw runtime;
        if (failure instanceof Error error) throw error;
        if (failure != null) throw new IllegalStateException("a slice of the batch failed", failure);
        return logits;
    }

    private static void checkRows(long[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("engine.run: a batch needs at least one row");
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length == 0) {
                throw new IllegalArgumentException("engine.run: row " + r + " of the batch has no token ids");
            }
        }
    }

    /** What {@code helper} threw, once it is done; an interrupt waits for it too and is kept for the caller. */
    private static Throwable joinUninterruptibly(Future<?> helper) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    helper.get();
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return e.getCause();
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Runs rows [{@code from}, {@code to}) padded to their longest and writes their logits in place. */
    private void runSlice(long[][] rows, int from, int to, long padId, float[] logits) {
        int batch = to - from;
        int seqLen = 0;
        for (int r = from; r < to; r++) seqLen = Math.max(seqLen, rows[r].length);
        if ((long) batch * seqLen > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("engine.run: a " + batch + "×" + seqLen + " slice is too large");
        }
        long[] inputIds = new long[batch * seqLen];
        long[] attentionMask = new long[batch * seqLen];
        for (int r = 0; r < batch; r++) {
            int start = r * seqLen;
            int length = rows[from + r].length;
            System.arraycopy(rows[from + r], 0, inputIds, start, length);
            Arrays.fill(inputIds, start + length, start + seqLen, padId);
            Arrays.fill(attentionMask, start, start + length, 1L);
        }
        runTurns.acquireUninterruptibly();
        if (closed) {
            runTurns.release();
            throw new IllegalStateException("the ONNX Runtime session of " + modelFile + " is closed");
        }
        peakRunning.accumulateAndGet(turns - runTurns.availablePermits(), Math::max);
        long started = System.nanoTime();
        long[] shape = {batch, seqLen};
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
                OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(attentionMask), shape);
                OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask), runOptions)) {
            ((OnnxTensor) result.get(0)).getFloatBuffer().get(logits, from * numLabels, batch * numLabels);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on rows " + from + "-" + (to - 1) + " (" + batch + "×" + seqLen + ") of a "
                            + rows.length + "-row batch: " + e.getMessage(),
                    e);
        } finally {
            runNanos.addAndGet(System.nanoTime() - started);
            runs.incrementAndGet();
            runTurns.release();
        }
    }

    /** For the pipeline's padding counts: the most rows one run pads together. */
    @HostAccess.Export
    public int runMaxRows() {
        return RUN_MAX_ROWS;
    }

    public int numLabels() {
        return numLabels;
    }

    public Path modelFile() {
        return modelFile;
    }

    public int intraOpThreads() {
        return intraOpThreads;
    }

    /**
     * Time spent inside ONNX Runtime (not waiting for a turn), summed over runs, for the time breakdown: runs side by
     * side each count.
     */
    public long runNanos() {
        return runNanos.get();
    }

    /** ONNX Runtime runs so far: one per batch of up to {@value #RUN_MAX_ROWS} rows, one per slice of a larger one. */
    public long runs() {
        return runs.get();
    }

    /** The most runs (batches or slices) that were inside ONNX Runtime at once. */
    public int peakConcurrentRuns() {
        return peakRunning.get();
    }

    /**
     * Waits for the runs inside ONNX Runtime to finish before the session goes; a run that asks for a turn after that
     * is refused.
     */
    @Override
    public void close() {
        closed = true;
        runTurns.acquireUninterruptibly(turns);
        try {
            runOptions.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session of " + modelFile + " failed", e);
        } finally {
            runTurns.release(turns);
            sliceHelpers.close();
            mapping.close();
        }
    }
}
