package dev.polybridge.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Initializes the GraalPy and Truffle classes a context's start initializes, in the order it initializes them, on a
 * thread of its own beside the start. Their static initializers take more than half of the entry thread's CPU in a
 * cold start, one after the other; run ahead on another core, they leave the entry thread most of its classes ready
 * (docs/memory.md, "Eleventh round").
 *
 * <p>{@code make build} records the list ({@code target/python-classes.list}, the classes the entry threads of a
 * {@code classify} initialized, from {@code -Xlog:class+init}), and {@code bin/jvm-args.sh} passes it as
 * {@code -Dpolybridge.python-classes=FILE}; an empty value turns this off.
 *
 * <p>Why initializing them on another thread is safe: GraalPy and Truffle have their classes initialized at build time
 * when they are built into a native image ({@code --initialize-at-build-time=com.oracle.graal.python} and
 * {@code com.oracle.truffle} in their jars' {@code native-image.properties}), so their static initializers depend on no
 * context, no thread and no order of the running program. Only those two packages are taken from the list; a name
 * that does not resolve (a class generated at run time, or a list recorded for another GraalPy) is skipped.
 */
final class ClassInitAhead {
    static final String PROPERTY = "polybridge.python-classes";
    private static final List<String> PACKAGES = List.of("com.oracle.graal.python.", "com.oracle.truffle.");
    private static final Logger LOG = Logger.getLogger(ClassInitAhead.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Classes initialized, and names skipped: outside the two packages, or not found. */
    record Outcome(int initialized, int skipped) {}

    private ClassInitAhead() {}

    /**
     * Starts the thread for the list {@code -Dpolybridge.python-classes} names, once per JVM: a class is initialized
     * once, so only the first start gains.
     */
    static void startOnce(ClassLoader loader) {
        String list = System.getProperty(PROPERTY, "");
        if (list.isBlank() || !STARTED.compareAndSet(false, true)) return;
        start(Path.of(list), loader);
    }

    /** The thread that initializes the classes {@code list} names with {@code loader}, started. */
    static Thread start(Path list, ClassLoader loader) {
        return Thread.ofPlatform().name("polybridge-class-init").daemon(true).start(() -> {
            long started = System.nanoTime();
            try {
                Outcome outcome = initialize(Files.readAllLines(list), loader);
                LOG.fine(() -> "initialized " + outcome.initialized() + " GraalPy and Truffle classes ahead in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms (" + outcome.skipped() + " names skipped)");
            } catch (IOException e) {
                LOG.warning("-D" + PROPERTY + "=" + list + " is unreadable (" + e
                        + "); the context's start initializes its classes as it goes");
            }
        });
    }

    /** Initializes each class of {@code names} in the two packages, in order, with {@code loader}. */
    static Outcome initialize(List<String> names, ClassLoader loader) {
        int initialized = 0;
        int skipped = 0;
        for (String name : names) {
            if (PACKAGES.stream().noneMatch(name::startsWith)) {
                skipped++;
                continue;
            }
            try {
                Class.forName(name, true, loader);
                initialized++;
            } catch (ClassNotFoundException | LinkageError e) {
                skipped++;
            }
        }
        return new Outcome(initialized, skipped);
    }
}
