package dev.polybridge.memory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Attributes memory to loading phases by taking a {@link MemoryReport} before and after each:
 * <pre>{@code
 * var memory = new MemoryAttribution(true);
 * try (var phase = memory.begin("python-context")) {
 *     context = createContext();
 * }
 * Session session = memory.measure("model", () -> loadModel(path));
 * }</pre>
 * With the JVM's figures each snapshot is a whole {@link MemoryReport} (heap, Native Memory Tracking, the heap's
 * resident pages) after a full garbage collection, so that the heap figures count live data rather than garbage;
 * phases are loading steps that happen once, so the pause is affordable. Without them a snapshot is the process's
 * {@code smaps_rollup} alone (RSS, PSS, USS, anonymous memory; the JVM's fields stay 0), for hosts that report only
 * those figures: it takes a millisecond, where the first whole report holds up a start by tens of milliseconds.
 */
public final class MemoryAttribution {

    /** A step whose memory is measured; may throw what the step throws. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private final boolean jvmFigures;
    private final List<PhaseDelta> phases = new CopyOnWriteArrayList<>();

    /** @param jvmFigures whether each snapshot is a whole report after a full collection, or the process's figures */
    public MemoryAttribution(boolean jvmFigures) {
        this.jvmFigures = jvmFigures;
    }

    public Phase begin(String phase) {
        return begin(phase, snapshot());
    }

    /** A phase whose work began at {@code before}, a {@link #snapshot} taken then. */
    public Phase begin(String phase, MemorySnapshot before) {
        return new Phase(phase, before);
    }

    public <T, E extends Exception> T measure(String phase, Step<T, E> step) throws E {
        return measure(phase, snapshot(), step);
    }

    /** As {@link #measure(String, Step)}, for a phase whose work began at {@code before}. */
    public <T, E extends Exception> T measure(String phase, MemorySnapshot before, Step<T, E> step) throws E {
        try (Phase ignored = begin(phase, before)) {
            return step.run();
        }
    }

    public List<PhaseDelta> phases() {
        return List.copyOf(phases);
    }

    /** The figures now, as a phase's "before" and "after" are taken. */
    public MemorySnapshot snapshot() {
        if (!jvmFigures) {
            return MemorySnapshot.ofProcess(ProcFs.smapsRollup(ProcFs.selfPid())
                    .orElseThrow(() -> new IllegalStateException(
                            "/proc/self/smaps_rollup is not readable: memory attribution needs Linux 4.14 or later")));
        }
        System.gc();
        return MemorySnapshot.of(MemoryReporter.current());
    }

    /** A phase under way; closing it takes the "after" snapshot and records the delta (also when the step failed). */
    public final class Phase implements AutoCloseable {
        private final String name;
        private final MemorySnapshot before;
        private boolean closed;

        private Phase(String name, MemorySnapshot before) {
            this.name = name;
            this.before = before;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            MemorySnapshot after = snapshot();
            phases.add(new PhaseDelta(name, before, after, after.minus(before)));
        }
    }
}
