package dev.polybridge.sentiment;

/**
 * The largest worker, batch and thread counts the engine takes. Past them a run does not get faster, it only holds
 * more texts at once or more threads (one entry thread per worker). The figures behind them are in docs/classify.md
 * ("Limits").
 */
public final class EngineLimits {
    /**
     * Batches in flight. Each has a platform thread entering the Python context; at most cores ÷ intra-op threads
     * runs are inside ONNX Runtime at once, the others wait their turn. The memory scan of docs/benchmarks.md goes up
     * to 64 workers.
     */
    public static final int MAX_WORKERS = 64;

    /**
     * Texts per Python call. ONNX Runtime runs them {@value OnnxEngine#RUN_MAX_ROWS} at a time, so a larger call holds
     * no more activations; but it tokenizes all its texts first and returns when its last slice is done, so past this
     * nothing gets faster and results only come later (docs/classify.md, "Limits").
     */
    public static final int MAX_BATCH_SIZE = 64;

    /** Padded tokens per engine call at most (a batch of {@link #MAX_BATCH_SIZE} texts of 512 tokens). */
    public static final int MAX_BATCH_TOKENS = MAX_BATCH_SIZE * 512;

    private EngineLimits() {}

    /** ONNX Runtime threads per run: more threads than cores only take turns on them. */
    public static int maxIntraOpThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Null when {@code value} is within [min, max]; otherwise a message naming the setting, its value and the limit.
     *
     * @param why what the maximum protects, for the message
     */
    public static String outOfRange(String name, long value, long min, long max, String why) {
        if (value < min) return "%s must be at least %d, got %d".formatted(name, min, value);
        if (value > max) return "%s is %d; the limit is %d (%s)".formatted(name, value, max, why);
        return null;
    }

    static final String WORKERS_WHY = "each worker holds a thread into the Python context, and no more than cores"
            + " ÷ intra-op threads runs are inside ONNX Runtime at once";
    static final String BATCH_WHY = "a call tokenizes its texts at once and holds them until the last is classified;"
            + " ONNX Runtime runs " + OnnxEngine.RUN_MAX_ROWS + " at a time, so larger calls are no faster";
    static final String THREADS_WHY = "the machine's cores; more threads only take turns on them";

    /** The first of workers, batch size and intra-op threads that is out of range, named as {@code names} say; or null. */
    public static String check(
            int workers, int batchSize, int intraOpThreads, String workersName, String batchName, String threadsName) {
        String problem = outOfRange(workersName, workers, 1, MAX_WORKERS, WORKERS_WHY);
        if (problem == null) problem = outOfRange(batchName, batchSize, 1, MAX_BATCH_SIZE, BATCH_WHY);
        if (problem == null) problem = outOfRange(threadsName, intraOpThreads, 0, maxIntraOpThreads(), THREADS_WHY);
        return problem;
    }
}
