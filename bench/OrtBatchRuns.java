import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ONNX Runtime for Java alone on the batches bench/python/ort_batch_runs.py wrote (which times CPython's ONNX Runtime on
 * the same ones): MODEL BATCHES-FILE INTRA-OP-THREADS SIDE-BY-SIDE [REPEAT]. SIDE-BY-SIDE threads take the batches in
 * turn, each running its own, as polybridge's workers do; prints items/s per pass. docs/memory.md ("Ninth round"):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/quarkus-app/lib/main/com.microsoft.onnxruntime.onnxruntime-1.24.1.jar \
 *     bench/OrtBatchRuns.java models/distilbert-base-random/model.int8.ort /tmp/polybridge-ort-batches/batches-8.bin 1 2
 * </pre>
 */
public class OrtBatchRuns {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        List<long[][]> batches = read(Path.of(args[1]));
        int threads = Integer.parseInt(args[2]);
        int sideBySide = Integer.parseInt(args[3]);
        int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        var options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setMemoryPatternOptimization(false);
        try (OrtSession session = environment.createSession(model.toString(), options)) {
            var feeds = new ArrayList<Map<String, OnnxTensor>>();
            int items = 0;
            for (long[][] ids : batches) {
                long[][] mask = new long[ids.length][ids[0].length];
                for (int r = 0; r < ids.length; r++) {
                    for (int i = 0; i < ids[r].length; i++) mask[r][i] = ids[r][i] != 0 ? 1 : 0;
                }
                feeds.add(Map.of(
                        "input_ids", OnnxTensor.createTensor(environment, ids),
                        "attention_mask", OnnxTensor.createTensor(environment, mask)));
                items += ids.length;
            }
            for (var feed : feeds.subList(0, Math.min(3, feeds.size()))) session.run(feed).close();
            var rates = new StringBuilder();
            for (int pass = 0; pass < repeat; pass++) {
                long started = System.nanoTime();
                var next = new AtomicInteger();
                var runners = new ArrayList<Thread>();
                for (int t = 0; t < sideBySide; t++) {
                    runners.add(Thread.ofPlatform().start(() -> {
                        for (int i; (i = next.getAndIncrement()) < feeds.size(); ) {
                            try {
                                session.run(feeds.get(i)).close();
                            } catch (OrtException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
                }
                for (Thread runner : runners) runner.join();
                rates.append(String.format(" %.1f", items / ((System.nanoTime() - started) / 1e9)));
            }
            System.out.printf(
                    "java onnxruntime %s %s %s, %d intra-op thread(s), %d batch(es) side by side:%s items/s%n",
                    environment.getVersion(), model.getFileName(), args[1], threads, sideBySide, rates);
        }
    }

    private static List<long[][]> read(Path file) throws Exception {
        var batches = new ArrayList<long[][]>();
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            while (true) {
                int rows;
                try {
                    rows = Integer.reverseBytes(in.readInt());
                } catch (EOFException end) {
                    return batches;
                }
                int length = Integer.reverseBytes(in.readInt());
                long[][] ids = new long[rows][length];
                for (long[] row : ids) {
                    for (int i = 0; i < length; i++) row[i] = Long.reverseBytes(in.readLong());
                }
                batches.add(ids);
            }
        }
    }
}
