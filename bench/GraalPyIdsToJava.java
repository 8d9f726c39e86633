import dev.polybridge.bridge.BridgeConfig;
import dev.polybridge.bridge.PythonBridge;
import java.nio.file.Path;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/**
 * What handing a batch's token ids from GraalPy to Java costs, two ways: filling zeroed host {@code long[]}s element by
 * element from Python (the pipeline before 2026-12-07) and passing Python's lists whole, converted to {@code long[][]}
 * by the bridge (OnnxEngine.run now). Runs bench/graalpy_ids_to_java.py in polybridge's own context ({@link
 * PythonBridge}, with its grants and entry thread), on GraalPy's interpreter as {@code classify} runs it, and prints
 * the milliseconds of each way over all batches of 8 of the first 1000 reviews, REPEAT times. docs/memory.md ("Ninth
 * round"):
 *
 * <pre>
 * java -Dpolybridge.python-jit=off -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
 *     --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *     -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*" \
 *     bench/GraalPyIdsToJava.java models/distilbert-base-random ../shared/data/wine-reviews-10k.csv 5
 * </pre>
 */
public class GraalPyIdsToJava {
    /** Stands in for OnnxEngine: takes the ids both ways and runs nothing. */
    public static class Host {
        @HostAccess.Export
        public long[] newLongArray(int n) {
            return new long[n];
        }

        @HostAccess.Export
        public int filled(long[] ids, long[] mask, int batch, int seqLen) {
            return ids.length;
        }

        @HostAccess.Export
        public int handedOver(long[][] rows, long padId) {
            int longest = 0;
            for (long[] row : rows) longest = Math.max(longest, row.length);
            long[] ids = new long[rows.length * longest];
            for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, ids, r * longest, rows[r].length);
            return ids.length;
        }
    }

    public static void main(String[] args) {
        Path modelDir = Path.of(args[0]).toAbsolutePath().normalize();
        Path csv = Path.of(args[1]).toAbsolutePath().normalize();
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        BridgeConfig config = BridgeConfig.defaults().withPythonPath(List.of(Path.of("bench").toAbsolutePath()));
        try (PythonBridge bridge = PythonBridge.open(config)) {
            bridge.allowRead(modelDir);
            bridge.allowRead(csv.getParent());
            bridge.load("graalpy_ids_to_java.py");
            bridge.call("prepare", modelDir.toString(), csv.toString());
            var host = new Host();
            for (int pass = 1; pass <= repeat; pass++) {
                System.out.printf(
                        "pass %d (GraalPy %s): filled element by element %.0f ms, handed over as lists %.0f ms%n",
                        pass,
                        bridge.runtimeName(),
                        ((Number) bridge.call("filled", host)).doubleValue(),
                        ((Number) bridge.call("handed_over", host)).doubleValue());
            }
        }
    }
}
