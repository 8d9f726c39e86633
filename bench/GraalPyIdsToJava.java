import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What handing a batch's token ids from GraalPy to Java costs, two ways: filling zeroed host {@code long[]}s element by
 * element from Python (the pipeline before 2026-12-07) and passing Python's lists whole, converted to {@code long[][]}
 * by the bridge (OnnxEngine.run now). Tokenizes the first 1000 reviews with the pipeline's tokenizer, sorts them by
 * length, and prints the milliseconds of each way over all batches of 8, REPEAT times, on GraalPy's interpreter (as
 * {@code classify} runs it) with the host access PythonBridge grants. docs/memory.md ("Ninth round"):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp "$(ls target/quarkus-app/lib/boot/*.jar target/quarkus-app/lib/main/org.graalvm*.jar | paste -sd:)" \
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

    private static final String PYTHON = """
            import csv, time
            from polybridge_sentiment.tokenizer import BertTokenizer

            def batches(model_dir, csv_path):
                with open(csv_path, newline="", encoding="utf-8") as f:
                    reader = csv.reader(f)
                    column = next(reader).index("description")
                    texts = [row[column] for _, row in zip(range(1000), reader)]
                tokenizer = BertTokenizer.from_model_dir(model_dir)
                ids = sorted((tokenizer.encode(t)[0] for t in texts), key=len)
                return [ids[s : s + 8] for s in range(0, len(ids), 8)]

            def filled(host, all_batches):
                started = time.perf_counter()
                for rows in all_batches:
                    batch, seq_len = len(rows), max(map(len, rows))
                    ids, mask = host.newLongArray(batch * seq_len), host.newLongArray(batch * seq_len)
                    for r, row in enumerate(rows):
                        offset = r * seq_len
                        for i, token_id in enumerate(row):
                            ids[offset + i] = token_id
                            mask[offset + i] = 1
                    host.filled(ids, mask, batch, seq_len)
                return (time.perf_counter() - started) * 1000

            def handed_over(host, all_batches):
                started = time.perf_counter()
                for rows in all_batches:
                    host.handedOver(rows, 0)
                return (time.perf_counter() - started) * 1000
            """;

    public static void main(String[] args) {
        String modelDir = args[0];
        String csv = args[1];
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
        try (Context context = Context.newBuilder("python")
                .engine(engine)
                .allowHostAccess(HostAccess.newBuilder()
                        .allowAccessAnnotatedBy(HostAccess.Export.class)
                        .allowArrayAccess(true)
                        .allowListAccess(true)
                        .allowMapAccess(true)
                        .build())
                .allowIO(IOAccess.ALL)
                .option("python.PythonPath", "src/main/python")
                .option("python.PosixModuleBackend", "java")
                .option("python.DontWriteBytecodeFlag", "true")
                .build()) {
            context.eval("python", PYTHON);
            var python = context.getBindings("python");
            var batches = python.getMember("batches").execute(modelDir, csv);
            var host = new Host();
            for (int pass = 1; pass <= repeat; pass++) {
                System.out.printf(
                        "pass %d (GraalPy %s): filled element by element %.0f ms, handed over as lists %.0f ms%n",
                        pass,
                        engine.getImplementationName(),
                        python.getMember("filled").execute(host, batches).asDouble(),
                        python.getMember("handed_over").execute(host, batches).asDouble());
            }
        }
    }
}
