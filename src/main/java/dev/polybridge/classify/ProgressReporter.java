package dev.polybridge.classify;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Shows how far a run is: a redrawn bar with rows/s and ETA when stderr is a terminal, a plain log
 * line every few seconds otherwise (CI logs, files), or nothing.
 */
public final class ProgressReporter implements LongConsumer, AutoCloseable {

    /** A bar redrawn in place (a terminal), a log line now and then (a file or pipe), or nothing. */
    public enum Mode {
        BAR,
        LOG,
        OFF
    }

    private static final int BAR_WIDTH = 30;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Mode mode;
    private final PrintWriter err;
    private final long total;
    private final long alreadyDone;
    private final AtomicLong done = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private int lastWidth;

    /**
     * @param total       rows the run will have when complete (-1 when unknown)
     * @param alreadyDone rows a resumed run found already written
     */
    public ProgressReporter(Mode mode, PrintWriter err, long total, long alreadyDone, Duration logEvery) {
        this.mode = mode;
        this.err = err;
        this.total = total;
        this.alreadyDone = alreadyDone;
        if (mode == Mode.OFF) {
            ticker = null;
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("classify-progress").factory());
        long periodMillis = mode == Mode.BAR ? 250 : logEvery.toMillis();
        ticker.scheduleAtFixedRate(this::show, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether stderr is an interactive terminal: the JDK's console check, plus where file descriptor 2 points on Linux. */
    public static boolean stderrIsTerminal() {
        var console = System.console();
        if (console == null || !console.isTerminal()) return false;
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    @Override
    public void accept(long rows) {
        done.addAndGet(rows);
    }

    private synchronized void show() {
        long now = done.get();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? now / seconds : 0;
        long position = alreadyDone + now;
        String eta = total >= 0 && rate > 0 ? formatDuration((total - position) / rate) : "?";
        if (mode == Mode.BAR) {
            StringBuilder line = new StringBuilder("classify ");
            if (total > 0) {
                int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * position / total);
                line.append('[')
                        .append("#".repeat(filled))
                        .append("-".repeat(BAR_WIDTH - filled))
                        .append("] ")
                        .append("%3d%% ".formatted(100 * position / total));
            }
            line.append("%d%s rows  %.1f rows/s  ETA %s".formatted(position, total >= 0 ? "/" + total : "", rate, eta));
            int width = line.length();
            line.append(" ".repeat(Math.max(0, lastWidth - width)));
            lastWidth = width;
            err.print("\r" + line);
        } else {
            err.println("%s classify: %d%s rows%s, %.1f rows/s, ETA %s"
                    .formatted(
                            LocalTime.now().format(CLOCK),
                            position,
                            total >= 0 ? "/" + total : "",
                            total > 0 ? " (%.1f%%)".formatted(100.0 * position / total) : "",
                            rate,
                            eta));
        }
        err.flush();
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? "%d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60)
                : "%d:%02d".formatted(s / 60, s % 60);
    }

    /** Stops the ticker and shows where the run ended: the bar one last time (its line ended), or a last log line. */
    @Override
    public void close() {
        if (ticker == null) return;
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        show();
        if (mode == Mode.BAR) err.println();
        err.flush();
    }
}
