import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What each step of a GraalPy start costs: builds an engine and context with the Python options PythonBridge uses,
 * then evaluates each argument (Python source, e.g. "import json") and prints its wall time, the CPU time of the
 * thread that runs it and of the whole process (compiler threads included). docs/memory.md ("Lean and quick"):
 *
 * <pre>
 * java $(bin/jvm-args.sh) -cp "$(ls target/quarkus-app/lib/boot/*.jar target/quarkus-app/lib/main/org.graalvm*.jar | paste -sd:)" \
 *     bench/GraalPySteps.java "import inspect" "import polybridge_sentiment.pipeline"
 * </pre>
 *
 * -Dpypath=DIR sets the Python path (default src/main/python); -Dpycache=DIR lets GraalPy write and read .pyc files
 * under DIR (python.PyCachePrefix), to measure what compiled bytecode would save.
 */
public class GraalPySteps {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] steps) {
        long started = System.nanoTime();
        String pycache = System.getProperty("pycache");
        Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        Context.Builder builder = Context.newBuilder("python").engine(engine)
                .allowHostAccess(HostAccess.ALL).allowIO(IOAccess.ALL)
                .option("python.PythonPath", System.getProperty("pypath", "src/main/python"))
                .option("python.PosixModuleBackend", "java")
                .option("python.DontWriteBytecodeFlag", String.valueOf(pycache == null));
        if (pycache != null) builder.option("python.PyCachePrefix", pycache);
        Context context = builder.build();
        System.out.printf("engine and context built in %d ms (runtime %s); process CPU so far %d ms%n",
                (System.nanoTime() - started) / 1_000_000, engine.getImplementationName(), processCpu());
        step(context, "1");
        for (String source : steps) step(context, source);
        System.out.printf("since JVM start %d ms, process CPU %d ms%n", ManagementFactory.getRuntimeMXBean().getUptime(),
                processCpu());
    }

    private static void step(Context context, String source) {
        long wall = System.nanoTime();
        long process = processCpu();
        long thread = threadCpu();
        context.eval("python", source);
        System.out.printf("%-50s wall %6d ms, this thread CPU %6d ms, process CPU %6d ms%n",
                source.equals("1") ? "(first evaluation: the context's initialisation)" : source,
                (System.nanoTime() - wall) / 1_000_000, threadCpu() - thread, processCpu() - process);
    }

    private static long processCpu() {
        return OS.getProcessCpuTime() / 1_000_000;
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }
}
