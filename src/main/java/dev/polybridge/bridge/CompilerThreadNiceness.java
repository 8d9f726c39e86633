package dev.polybridge.bridge;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Lowers the OS priority (raises the nice value) of the JIT compiler threads: HotSpot's C1/C2 and Truffle's
 * compiler thread, which compiles GraalPy code with the Graal compiler.
 *
 * <p>Why: with the Graal compiler loaded from jars (stock Temurin, no libgraal), compiling Python code also means
 * HotSpot compiling the Graal compiler itself, CPU taken from ONNX Runtime, which wants every core (DEVELOPERS.md has
 * the measurements). The Python part of a classify run (tokenization) is a small part of the work. At nice 19 the
 * compilers get the CPU time inference leaves idle, so the hot Python code is still compiled, just never at the
 * engine's expense. The same holds at start-up: {@link PythonBridge} starts this before the context initialises, whose
 * entry thread would otherwise share a core with C1 and the Truffle compiler. Lowering one's own threads' priority
 * needs no privilege. Linux only (per-thread nice through {@code setpriority(PRIO_PROCESS, tid)}); elsewhere a no-op.
 *
 * <p>Compiler threads come and go (Truffle's ends after an idle delay, C2's are added on demand), so the threads
 * are looked up again every second (thread ids are reused, so none is remembered); a lookup reads a few dozen
 * {@code /proc/self/task/<tid>/comm} files.
 */
final class CompilerThreadNiceness {
    /** Stops the lookups. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private static final Logger LOG = Logger.getLogger(CompilerThreadNiceness.class.getName());
    /** Thread names as {@code comm} shows them: at most 15 characters. */
    private static final List<String> COMPILER_THREAD_PREFIXES =
            List.of("C1 CompilerThre", "C2 CompilerThre", "TruffleCompiler");

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final int PRIO_PROCESS = 0;

    private final int nice;
    private final MethodHandle setpriority;
    private final ScheduledExecutorService scanner;
    private boolean warned;

    private CompilerThreadNiceness(int nice, MethodHandle setpriority) {
        this.nice = nice;
        this.setpriority = setpriority;
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "polybridge-jit-niceness");
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleWithFixedDelay(this::lowerNewCompilerThreads, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Starts keeping the compiler threads at {@code nice} (1..19), or returns a no-op when {@code nice} is 0 or
     * the platform has no per-thread nice.
     */
    static Handle start(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException(
                    "polybridge.jit.nice must be 0 (leave the compiler threads alone) to 19, got " + nice);
        }
        if (nice == 0 || !Files.isDirectory(TASKS)) return () -> {};
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setpriority = linker.downcallHandle(
                    linker.defaultLookup().find("setpriority").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            return new CompilerThreadNiceness(nice, setpriority).scanner::shutdownNow;
        } catch (RuntimeException e) {
            LOG.warning(
                    "cannot lower the JIT compiler threads' priority (" + e + "); they compete with inference for CPU");
            return () -> {};
        }
    }

    private void lowerNewCompilerThreads() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (isCompilerThread(task)) {
                    int result = (int) setpriority.invokeExact(
                            PRIO_PROCESS, Integer.parseInt(task.getFileName().toString()), nice);
                    if (result != 0 && !warned) {
                        warned = true;
                        LOG.warning(
                                "setpriority refused to lower a JIT compiler thread's priority; compilation competes with inference for CPU");
                    }
                }
            }
        } catch (Throwable e) {
            LOG.fine(() -> "compiler thread lookup failed: " + e);
        }
    }

    private static boolean isCompilerThread(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).strip();
            return COMPILER_THREAD_PREFIXES.stream().anyMatch(name::startsWith);
        } catch (IOException e) {
            return false;
        }
    }
}
