package dev.polybridge.classify;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/**
 * Classifies rows with up to {@code workers} batches in flight and hands the records on in input order.
 *
 * <p>Rows are read a window at a time. With {@code sortByLength} the texts of a window are sorted by
 * {@link TextClassifier#lengths} (token counts for the sentiment model) before they are cut into batches, so each batch holds texts of similar length and pads less;
 * the window's records are still written in input order once all its batches are back. At most two
 * windows' worth of rows are held at once, so memory does not grow with the input.
 */
public final class ClassifyJob {

    /**
     * @param minWindowRows rows sorted and written together, at least, once the windows have grown
     *                      ({@link #windowRows(long)}): a file job uses {@link #FILE_WINDOW_ROWS}
     *                      (the wider the window, the less padding; docs/classify.md), a streamed upload
     *                      {@link #STREAM_WINDOW_ROWS}, so its first records come sooner
     */
    public record Settings(int workers, int batchSize, boolean sortByLength, boolean failFast, int minWindowRows) {
        public Settings {
            if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            if (minWindowRows < 1) throw new IllegalArgumentException("window must be >= 1 row, got " + minWindowRows);
        }

        /** The full window: at least four batches per worker. */
        int windowRows() {
            return Math.max(minWindowRows, 4 * batchSize * workers);
        }

        /**
         * The rows of window {@code index} (from 0): one batch per worker first, then four times more per window up to
         * {@link #windowRows()}. The first window is tokenized before any batch can start, so a full window there
         * would hold back the first records by the tokenizing of a thousand texts in a context still warming up; the
         * growth brings the windows to full size, where sorting pads least, within a few windows.
         */
        public int windowRows(long index) {
            long rows = (long) batchSize * workers << (2 * Math.min(index, 15));
            return (int) Math.min(windowRows(), rows);
        }
    }

    public static final int FILE_WINDOW_ROWS = 1024;
    public static final int STREAM_WINDOW_ROWS = 256;

    /** How a run ended. */
    public enum Outcome {
        /** Every row has a record. */
        COMPLETED,
        /** {@code failFast}: stopped after writing the first failed row's record. */
        STOPPED_AT_FAILURE,
        /** The classifier failed a whole batch; the records before it are written. */
        ABORTED,
        /** {@link #stop} was called: the batches in flight finished and every complete window is written. */
        STOPPED,
        /** The sink failed (the disk is full, say); the windows before the failing one are written. */
        WRITE_FAILED
    }

    /**
     * @param rows          records written by this run
     * @param failed        of them, error records
     * @param labels        label counts of this run's records
     * @param firstFailures the first few error messages
     * @param abortCause    why the run was aborted, or why writing failed, when it did
     * @param stopReason    what {@link #stop} was told, when the run was stopped
     * @param firstBatchNanos {@link System#nanoTime()} when the first batch came back classified; -1 if none did
     */
    public record Result(
            Outcome outcome,
            long rows,
            long failed,
            Map<String, Long> labels,
            List<String> firstFailures,
            Throwable abortCause,
            String stopReason,
            long firstBatchNanos) {}

    private static final int FAILURES_KEPT = 10;

    private final TextClassifier classifier;
    private final Settings settings;
    private final Consumer<List<OutputRecord>> sink;
    private final LongConsumer progress;
    private final boolean withText;
    private volatile String stopRequested;
    private volatile Run running;

    /**
     * @param sink     receives the records of each window in input order
     * @param progress told how many rows are done each time a batch comes back; called from the classifier's threads
     */
    public ClassifyJob(
            TextClassifier classifier,
            Settings settings,
            boolean withText,
            Consumer<List<OutputRecord>> sink,
            LongConsumer progress) {
        this.classifier = classifier;
        this.settings = settings;
        this.withText = withText;
        this.sink = sink;
        this.progress = progress;
    }

    public Result run(RowSource source) throws InterruptedException {
        Run run = new Run(source);
        running = run;
        try {
            return run.execute();
        } finally {
            running = null;
        }
    }

    /**
     * Asks the run to stop soon, from any thread: no more rows are read or sent, the batches in flight finish, the
     * windows they complete are written, and {@link #run} returns {@link Outcome#STOPPED}. Calling it before
     * {@link #run} makes the run stop before its first row.
     *
     * @param reason what stopped it ("SIGTERM"), for the result
     */
    public void stop(String reason) {
        stopRequested = reason;
        Run run = running;
        if (run != null) run.returned.add(Run.WAKE_UP);
    }

    private final class Window {
        final List<InputRow> rows;
        final Classification[] results;
        final AtomicInteger batchesLeft = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Window(List<InputRow> rows) {
            this.rows = rows;
            this.results = new Classification[rows.size()];
        }

        boolean done() {
            return batchesLeft.get() == 0;
        }
    }

    private record Batch(Window window, int[] positions, List<String> texts) {}

    private final class Run {
        /** Not a batch: wakes the loop after {@link #stop}. */
        static final Batch WAKE_UP = new Batch(null, new int[0], List.of());

        private final RowSource source;
        private final Deque<Window> unwritten = new ArrayDeque<>();
        private final Deque<Batch> unsent = new ArrayDeque<>();
        private final BlockingQueue<Batch> returned = new LinkedBlockingQueue<>();
        private final Map<String, Long> labels = new TreeMap<>();
        private final List<String> firstFailures = new ArrayList<>();
        private final AtomicLong firstBatchNanos = new AtomicLong(-1);
        private int inFlight;
        private long unwrittenRows;
        private boolean exhausted;
        private long windowsRead;
        private long rows;
        private long failed;
        private Outcome stop;
        /** Reading the rows failed: thrown once the batches in flight are back and the complete windows written. */
        private RuntimeException readFailure;

        private Throwable abortCause;

        Run(RowSource source) {
            this.source = source;
        }

        /**
         * Runs until every row has a record or the run stops; never returns, nor throws, with a batch still in the
         * classifier.
         */
        Result execute() throws InterruptedException {
            while (true) {
                for (Batch b = returned.poll(); b != null; b = returned.poll()) finished(b);
                if (stop == null) writeFinishedWindows();
                if (stop == null && stopRequested != null) {
                    stop = Outcome.STOPPED;
                }
                if (stop != null) {
                    if (inFlight == 0) break;
                    finished(returned.take());
                    continue;
                }
                while (inFlight < settings.workers() && !unsent.isEmpty()) send(unsent.poll());
                if (unsent.isEmpty() && !exhausted && unwrittenRows < 2L * settings.windowRows()) {
                    try {
                        readWindow();
                    } catch (RuntimeException e) {
                        readFailure = e;
                        stop = Outcome.ABORTED;
                    }
                    continue;
                }
                if (exhausted && unwritten.isEmpty()) break;
                if (inFlight == 0)
                    throw new IllegalStateException("classify stalled: nothing in flight, windows unwritten");
                finished(returned.take());
            }
            if (readFailure != null) {
                stop = null;
                writeFinishedWindows();
                throw readFailure;
            }
            if (stop == Outcome.STOPPED) {
                stop = null;
                writeFinishedWindows();
                if (stop == null && !(exhausted && unwritten.isEmpty())) stop = Outcome.STOPPED;
            }
            return new Result(
                    stop == null ? Outcome.COMPLETED : stop,
                    rows,
                    failed,
                    labels,
                    firstFailures,
                    abortCause,
                    stop == Outcome.STOPPED ? stopRequested : null,
                    firstBatchNanos.get());
        }

        private void finished(Batch batch) {
            if (batch != WAKE_UP) inFlight--;
        }

        private void readWindow() {
            List<InputRow> read = new ArrayList<>();
            InputRow row;
            int size = settings.windowRows(windowsRead++);
            while (read.size() < size && (row = source.next()) != null) read.add(row);
            if (read.size() < size) exhausted = true;
            if (read.isEmpty()) return;
            Window window = new Window(read);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < read.size(); i++) {
                if (!read.get(i).isError()) order.add(i);
            }
            if (settings.sortByLength()) {
                List<Integer> rows = List.copyOf(order);
                int[] lengths = classifier.lengths(
                        rows.stream().map(i -> read.get(i).text()).toList());
                order.clear();
                IntStream.range(0, rows.size())
                        .boxed()
                        .sorted(Comparator.comparingInt(k -> lengths[k]))
                        .forEach(k -> order.add(rows.get(k)));
            }
            List<Batch> batches = new ArrayList<>();
            for (int from = 0; from < order.size(); from += settings.batchSize()) {
                List<Integer> slice = order.subList(from, Math.min(from + settings.batchSize(), order.size()));
                int[] positions = slice.stream().mapToInt(Integer::intValue).toArray();
                List<String> texts = slice.stream().map(i -> read.get(i).text()).toList();
                batches.add(new Batch(window, positions, texts));
            }
            window.batchesLeft.set(batches.size());
            unwritten.add(window);
            unwrittenRows += read.size();
            unsent.addAll(batches);
            long errorRows = read.size() - order.size();
            if (errorRows > 0) progress.accept(errorRows);
        }

        private void send(Batch batch) {
            inFlight++;
            CompletableFuture<List<Classification>> future;
            try {
                future = classifier.classifyAsync(batch.texts());
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            future.whenComplete((results, error) -> {
                Window window = batch.window();
                if (error == null
                        && (results == null || results.size() != batch.texts().size())) {
                    error = new IllegalStateException("the classifier returned %s results for %d texts"
                            .formatted(
                                    results == null ? "no" : results.size(),
                                    batch.texts().size()));
                }
                if (error != null) {
                    window.failure.compareAndSet(null, error);
                } else {
                    for (int i = 0; i < batch.positions().length; i++)
                        window.results[batch.positions()[i]] = results.get(i);
                    firstBatchNanos.compareAndSet(-1, System.nanoTime());
                }
                window.batchesLeft.decrementAndGet();
                progress.accept(batch.texts().size());
                returned.add(batch);
            });
        }

        private void writeFinishedWindows() {
            while (!unwritten.isEmpty() && unwritten.peek().done()) {
                Window window = unwritten.poll();
                unwrittenRows -= window.rows.size();
                if (window.failure.get() != null) {
                    stop = Outcome.ABORTED;
                    abortCause = window.failure.get();
                    return;
                }
                List<OutputRecord> records = new ArrayList<>(window.rows.size());
                for (int i = 0; i < window.rows.size(); i++) {
                    InputRow row = window.rows.get(i);
                    OutputRecord record = row.isError()
                            ? OutputRecord.failed(row, withText)
                            : OutputRecord.of(row, window.results[i], withText);
                    records.add(record);
                    count(record);
                    if (record.isError() && settings.failFast()) {
                        stop = Outcome.STOPPED_AT_FAILURE;
                        break;
                    }
                }
                try {
                    sink.accept(records);
                } catch (RuntimeException e) {
                    stop = Outcome.WRITE_FAILED;
                    abortCause = e;
                    return;
                }
                if (stop != null) return;
            }
        }

        private void count(OutputRecord record) {
            rows++;
            if (record.isError()) {
                failed++;
                if (firstFailures.size() < FAILURES_KEPT) firstFailures.add(record.error());
            } else {
                labels.merge(record.label(), 1L, Long::sum);
            }
        }
    }
}
