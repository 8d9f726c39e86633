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
 * By default each snapshot is preceded by a full garbage collection, so that the heap figures count live data
 * rather than garbage; phases are loading steps that happen once, so the pause is affordable.
 */
public final class MemoryAttribution {

    /** A step whose memory is measured; may throw what the step throws. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T run() throws E;
    }

    private final boolean collectGarbageFirst;
    private final List<PhaseDelta> phases = new CopyOnWriteArrayList<>();

    public MemoryAttribution(boolean collectGarbageFirst) {
        this.collectGarbageFirst = collectGarbageFirst;
    }

    public Phase begin(String phase) {
        return new Phase(phase, snapshot());
    }

    public <T, E extends Exception> T measure(String phase, Step<T, E> step) throws E {
        try (Phase ignored = begin(phase)) {
            return step.run();
        }
    }

    public List<PhaseDelta> phases() {
        return List.copyOf(phases);
    }

    private MemorySnapshot snapshot() {
        if (collectGarbageFirst) {
            System.gc();
        }
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
