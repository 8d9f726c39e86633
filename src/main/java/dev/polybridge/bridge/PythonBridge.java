package dev.polybridge.bridge;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.python.embedding.VirtualFileSystem;

/**
 * The MetaCall-style API over one GraalPy context: {@link #load} a module or file from the Python path, then
 * {@link #call} its functions by name from any thread, or {@link #submitCall} them to the worker pool.
 *
 * <p>The Python path starts with polybridge's own modules, which travel inside the jar and are read through GraalPy's
 * virtual filesystem, followed by the host folders of {@link BridgeConfig#pythonPath()}.
 *
 * <p>Grants, and nothing more:
 * <ul>
 *   <li>host access: methods annotated {@link HostAccess.Export}, plus element access to arrays, Lists and Maps
 *       passed as arguments (bulk ids travel as Java primitive arrays);</li>
 *   <li>files: read-only, below the packaged sources, the host Python path, GraalPy's own language home, the
 *       compiled bytecode of {@link BridgeConfig#bytecode()} and the folders given to {@link #allowRead} (model
 *       directories), with symbolic links resolved (a link cannot lead out of them); writes are refused
 *       everywhere;</li>
 *   <li>no host class lookup, no process creation, no native access (so no native extensions),
 *       no environment variables, no threads created by Python.</li>
 * </ul>
 */
public final class PythonBridge implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PythonBridge.class.getName());
    private static final String INTERPRETED = "Interpreted";
    /**
     * The launcher ran this JVM without the Graal compiler on purpose ({@code bin/jvm-args.sh}: {@code classify}, or
     * {@code POLYBRIDGE_PYTHON_JIT=off}), so an interpreted runtime is no cause for a warning.
     */
    private static final boolean INTERPRETER_CHOSEN = "off".equals(System.getProperty("polybridge.python-jit"));

    private final BridgeConfig config;
    private final Parts parts;
    private final ContextEntry entry;
    private final WorkerPool pool;
    private final Map<String, Value> functions = new ConcurrentHashMap<>();
    private final Map<String, String> functionModules = new ConcurrentHashMap<>();
    private final Duration startup;
    private volatile boolean closing;
    private volatile boolean closed;

    /**
     * Starts a Python context with {@code config}. The caller owns it and closes it; {@link dev.polybridge.Polybridge}
     * is the usual owner.
     */
    public static PythonBridge open(BridgeConfig config) {
        return start(config).open(config);
    }

    /**
     * Begins a context's start on an entry thread and returns at once: {@link Starting#open} waits for it and adds the
     * workers. A host that knows it will need a context before it knows all of its settings starts it this way, beside
     * its own work (reading options, checking files), with the settings that shape the context itself.
     */
    public static Starting start(BridgeConfig config) {
        ContextEntry entry = new ContextEntry(config.entryThreads());
        return new Starting(config, entry, entry.submit(() -> Parts.build(config)), System.nanoTime());
    }

    /** A context's start under way, before its workers exist. */
    public static final class Starting {
        private final BridgeConfig config;
        private final ContextEntry entry;
        private final CompletableFuture<Parts> parts;
        private final long startedNanos;
        private final AtomicBoolean taken = new AtomicBoolean();

        private Starting(BridgeConfig config, ContextEntry entry, CompletableFuture<Parts> parts, long startedNanos) {
            this.config = config;
            this.entry = entry;
            this.parts = parts;
            this.startedNanos = startedNanos;
        }

        /** When the start began, by {@link System#nanoTime}. */
        public long startedNanos() {
            return startedNanos;
        }

        /** Whether a bridge with {@code other} may use this context: the same Python path and compiled bytecode. */
        public boolean fits(BridgeConfig other) {
            return config.pythonPath().equals(other.pythonPath())
                    && Objects.equals(config.bytecode(), other.bytecode());
        }

        /**
         * Waits for the context, then gives it the entry threads and the workers of {@code finalConfig}, which must
         * {@link #fits fit}. A failed start is thrown as it happened. One bridge owns the context: a second open, or
         * one after {@link #abandon}, is refused.
         */
        public PythonBridge open(BridgeConfig finalConfig) {
            if (!fits(finalConfig)) {
                throw new IllegalArgumentException("this context was started for the Python path " + config.pythonPath()
                        + " and bytecode " + config.bytecode() + ", not for " + finalConfig);
            }
            if (!taken.compareAndSet(false, true)) {
                throw new IllegalStateException("this context was opened or abandoned already");
            }
            Parts started;
            try {
                started = parts.join();
            } catch (CompletionException e) {
                entry.close();
                if (e.getCause() instanceof RuntimeException runtime) throw runtime;
                if (e.getCause() instanceof Error error) throw error;
                throw e;
            }
            entry.resize(finalConfig.entryThreads());
            return new PythonBridge(finalConfig, started, entry, Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        /** Closes the context once its start has finished, without waiting for that here; unless it was opened. */
        public void abandon() {
            if (!taken.compareAndSet(false, true)) return;
            parts.whenCompleteAsync(
                    (started, failure) -> {
                        try {
                            if (started != null) started.close(entry);
                        } finally {
                            entry.close();
                        }
                    },
                    closing -> Thread.ofPlatform()
                            .name("polybridge-context-abandon")
                            .daemon(true)
                            .start(closing));
        }
    }

    /** What a start builds on an entry thread: the context and what it stands on. */
    private record Parts(
            List<String> pythonPath,
            VirtualFileSystem packagedSources,
            ReadableRootsFileSystem fileSystem,
            Engine engine,
            Context context,
            Value invoke,
            Value load,
            CompilerThreadNiceness.Handle compilerNiceness) {

        static Parts build(BridgeConfig config) {
            VirtualFileSystem packagedSources = PackagedSources.open();
            var granted = new ArrayList<Path>(config.pythonPath());
            if (config.bytecode() != null) granted.add(config.bytecode());
            var fileSystem = new ReadableRootsFileSystem(
                    PackagedSources.fileSystem(packagedSources),
                    List.of(PackagedSources.mountPoint(packagedSources), polyglotResourceCache()),
                    granted);
            var path = new ArrayList<String>();
            path.add(PackagedSources.sourceFolder(packagedSources));
            config.pythonPath().forEach(folder -> path.add(folder.toString()));
            Engine engine = Engine.newBuilder("python")
                    .option("engine.WarnInterpreterOnly", "false")
                    .build();
            // Before the context initialises, the longest step of a start: at normal priority C1 and the Truffle
            // compiler would share the entry thread's core on a two-core machine.
            CompilerThreadNiceness.Handle compilerNiceness = isCompilationEnabled(engine)
                    ? CompilerThreadNiceness.start(Integer.getInteger("polybridge.jit.nice", 19))
                    : () -> {};
            try {
                Context context = newContext(engine, fileSystem, path, config.bytecode());
                Value runtime = context.eval("python", "import polybridge_runtime\npolybridge_runtime");
                return new Parts(
                        List.copyOf(path),
                        packagedSources,
                        fileSystem,
                        engine,
                        context,
                        runtime.getMember("invoke"),
                        runtime.getMember("load"),
                        compilerNiceness);
            } catch (RuntimeException | Error e) {
                compilerNiceness.close();
                try {
                    engine.close(); // and with it the context, if it was built
                    PackagedSources.close(packagedSources);
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        /** Closes the context on an entry thread, then what it stands on. */
        void close(ContextEntry entry) {
            entry.run(() -> {
                context.close();
                return null;
            });
            engine.close();
            compilerNiceness.close();
            PackagedSources.close(packagedSources);
        }
    }

    private PythonBridge(BridgeConfig config, Parts parts, ContextEntry entry, Duration startup) {
        this.config = config;
        this.parts = parts;
        this.entry = entry;
        this.pool = new WorkerPool("polybridge", config.workers(), config.queueCapacity());
        this.startup = startup;
        if (isCompilationEnabled() || INTERPRETER_CHOSEN) {
            String runtime = isCompilationEnabled()
                    ? "JIT: " + parts.engine().getImplementationName()
                    : "interpreter, no JIT: the launcher's choice for this command";
            LOG.info(() -> "GraalPy " + pythonVersion() + " context ready in " + startup.toMillis() + " ms (" + runtime
                    + "; " + config.entryThreads() + " entry thread(s), " + config.workers() + " workers)");
        } else {
            LOG.warning("GraalPy runs INTERPRETER-ONLY, without its JIT: Python code will be several times slower "
                    + "than CPython. Launch through bin/polybridge, or add the flags printed by bin/jvm-args.sh "
                    + "(-XX:+EnableJVMCI --upgrade-module-path=target/jvmci ...).");
        }
    }

    /**
     * Loads a module by dotted name ({@code "polybridge_sentiment.pipeline"}) or a {@code .py} file inside the
     * Python path, and makes its public functions callable by name. Returns their names.
     */
    public List<String> load(String target) {
        ensureOpen();
        Objects.requireNonNull(target, "module or file to load");
        boolean isFile = target.endsWith(".py");
        String resolved = isFile ? resolveFile(target) : target;
        return entry.run(() -> {
            Value outcome =
                    parts.invoke().execute(parts.load(), new Object[] {resolved, isFile}, new boolean[] {false, false});
            if (!outcome.getArrayElement(0).asBoolean()) {
                PythonException cause = pythonError(outcome);
                throw new ModuleLoadException("cannot load '" + target + "': " + cause.getMessage(), cause);
            }
            String module = outcome.getArrayElement(1).getArrayElement(0).asString();
            Value defined = outcome.getArrayElement(1).getArrayElement(1);
            TreeSet<String> names = hashKeys(defined);
            for (String name : names) {
                String owner = functionModules.putIfAbsent(name, module);
                if (owner != null && !owner.equals(module)) {
                    throw new ModuleLoadException("cannot load '" + target + "': function '" + name
                            + "' is already defined by module '" + owner + "'");
                }
            }
            for (String name : names) {
                functions.put(name, defined.getHashValue(name));
            }
            return List.copyOf(names);
        });
    }

    /**
     * Calls a loaded Python function and converts its result to Java: {@code None} → null, bool → Boolean,
     * int → Long (BigInteger when larger), float → Double, str → String, list/tuple → List, dict → Map.
     * A Java host object (such as a primitive array) comes back as itself.
     */
    public Object call(String function, Object... args) {
        ensureOpen();
        Value fn = functions.get(Objects.requireNonNull(function, "function name"));
        if (fn == null) {
            throw new FunctionNotFoundException("no Python function '" + function + "' is loaded (loaded: "
                    + new TreeSet<>(functions.keySet()) + "); load its module first");
        }
        Object[] arguments = args == null ? new Object[] {null} : args;
        boolean[] raw = ValueConversion.checkArguments(function, arguments);
        return entry.run(() -> {
            try {
                Value outcome = parts.invoke().execute(fn, arguments, raw);
                if (outcome.getArrayElement(0).asBoolean()) {
                    return ValueConversion.toJava(outcome.getArrayElement(1), function);
                }
                if ("arity".equals(outcome.getArrayElement(1).asString())) {
                    throw new ArgumentException(outcome.getArrayElement(2).asString());
                }
                throw pythonError(outcome);
            } catch (PolyglotException e) {
                throw translate(e, function);
            }
        });
    }

    /** Runs {@code work} on a pool worker (it may call {@link #call}); subject to the configured timeout. */
    public <T> CompletableFuture<T> submit(Callable<T> work) {
        if (closing) {
            throw new BridgeClosedException("the Python context is closing and accepts no more work");
        }
        return pool.submit(work, config.callTimeout());
    }

    public CompletableFuture<Object> submitCall(String function, Object... args) {
        return submit(() -> call(function, args));
    }

    private static Context newContext(
            Engine engine, ReadableRootsFileSystem fileSystem, List<String> pythonPath, Path bytecode) {
        Context.Builder builder = Context.newBuilder("python")
                .engine(engine)
                .allowHostAccess(HostAccess.newBuilder()
                        .allowAccessAnnotatedBy(HostAccess.Export.class)
                        .allowArrayAccess(true)
                        .allowListAccess(true)
                        .allowMapAccess(true)
                        .build())
                .allowHostClassLookup(className -> false)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowIO(IOAccess.newBuilder().fileSystem(fileSystem).build())
                .option("python.PythonPath", String.join(File.pathSeparator, pythonPath))
                .option("python.DontWriteBytecodeFlag", "true")
                .option("python.PosixModuleBackend", "java");
        if (bytecode != null) builder.option("python.PyCachePrefix", bytecode.toString());
        return builder.build();
    }

    /** Grants the Python context read access below {@code directory} (a model directory, say). */
    public void allowRead(Path directory) {
        parts.fileSystem().allow(directory);
    }

    public boolean isCompilationEnabled() {
        return isCompilationEnabled(parts.engine());
    }

    private static boolean isCompilationEnabled(Engine engine) {
        return !INTERPRETED.equals(engine.getImplementationName());
    }

    /** The Truffle runtime: "GraalVM CE" with the JIT, "Interpreted" without it. */
    public String runtimeName() {
        return parts.engine().getImplementationName();
    }

    public String pythonVersion() {
        return parts.engine().getLanguages().get("python").getVersion();
    }

    /** The GraalPy release on the class path (the polyglot artifact's version). */
    public static String graalPyVersion() {
        String version = Engine.class.getModule().getDescriptor() != null
                ? Engine.class.getModule().getDescriptor().rawVersion().orElse(null)
                : null;
        return version != null
                ? version
                : String.valueOf(Engine.class.getPackage().getImplementationVersion());
    }

    public Duration startupTime() {
        return startup;
    }

    public BridgeConfig config() {
        return config;
    }

    /** Where modules load from, in order: polybridge's own (in the jar, through the virtual filesystem), then the host folders. */
    public List<String> pythonPath() {
        return parts.pythonPath();
    }

    public WorkerPool pool() {
        return pool;
    }

    /** Stops accepting submissions, lets the workers finish every accepted task, then closes the context. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        pool.shutdown(Duration.ofSeconds(30));
        closed = true;
        try {
            parts.close(entry);
        } finally {
            entry.close();
        }
    }

    /** False once {@link #close} has begun. */
    public boolean isOpen() {
        return !closing;
    }

    private void ensureOpen() {
        if (closed) {
            throw new BridgeClosedException("the Python context is closed");
        }
    }

    private String resolveFile(String file) {
        for (Path folder : config.pythonPath()) {
            Path path = folder.resolve(file).normalize();
            if (path.startsWith(folder) && Files.isRegularFile(path)) {
                return path.toString();
            }
        }
        throw new ModuleLoadException(
                "cannot load '" + file + "': no such file inside the Python path " + config.pythonPath());
    }

    private static TreeSet<String> hashKeys(Value dict) {
        var keys = new TreeSet<String>();
        Value iterator = dict.getHashKeysIterator();
        while (iterator.hasIteratorNextElement()) {
            keys.add(iterator.getIteratorNextElement().asString());
        }
        return keys;
    }

    private static PythonException pythonError(Value outcome) {
        return new PythonException(
                outcome.getArrayElement(1).asString(),
                outcome.getArrayElement(2).asString(),
                outcome.getArrayElement(3).asString());
    }

    private RuntimeException translate(PolyglotException e, String function) {
        if (e.isHostException() && e.asHostException() instanceof RuntimeException host) {
            return host;
        }
        if (e.isCancelled() || closed) {
            return new BridgeClosedException("the Python context was closed during '" + function + "'");
        }
        return new BridgeException("'" + function + "' failed inside the bridge: " + e.getMessage(), e);
    }

    /** GraalPy unpacks its standard library below the polyglot resource cache; the context must read it. */
    private static Path polyglotResourceCache() {
        String explicit = System.getProperty("polyglot.engine.userResourceCache");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("org.graalvm.polyglot");
    }
}
