import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * What creating an ONNX Runtime session costs, by how the model reaches it: creates one session per argument, in this
 * JVM one after another, and prints the seconds each took, a batch's run time and the process's peak RSS and PSS so
 * far. docs/memory.md ("Eighth round"):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/quarkus-app/lib/main/com.microsoft.onnxruntime.onnxruntime-1.24.1.jar \
 *     bench/OrtSessionStart.java path:models/distilbert-base-random/model.onnx path:models/distilbert-base-random/model.onnx
 * java ... bench/OrtSessionStart.java mapped:models/distilbert-base-random/model.ort
 * </pre>
 *
 * path:FILE lets ONNX Runtime read the file; mapped:FILE maps it and has ONNX Runtime use the mapping in place, as
 * OnnxEngine does, and hands the mapping's pages back after the session is created.
 */
public class OrtSessionStart {
    public static void main(String[] models) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        for (String model : models) {
            String how = model.substring(0, model.indexOf(':'));
            Path file = Path.of(model.substring(how.length() + 1));
            Arena arena = Arena.ofShared();
            long started = System.nanoTime();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            OrtSession session;
            if (how.equals("mapped")) {
                MemorySegment bytes;
                try (FileChannel channel = FileChannel.open(file)) {
                    bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
                }
                options.addConfigEntry("session.use_ort_model_bytes_directly", "1");
                options.addConfigEntry("session.use_ort_model_bytes_for_initializers", "1");
                session = environment.createSession(bytes.asByteBuffer(), options);
                bytes.unload();
            } else {
                session = environment.createSession(file.toString(), options);
            }
            double sessionSeconds = (System.nanoTime() - started) / 1e9;
            long[][] ids = new long[8][64];
            long[][] mask = new long[8][64];
            for (long[] row : ids) Arrays.fill(row, 1000);
            for (long[] row : mask) Arrays.fill(row, 1);
            long run = System.nanoTime();
            try (OnnxTensor i = OnnxTensor.createTensor(environment, ids);
                    OnnxTensor m = OnnxTensor.createTensor(environment, mask);
                    OrtSession.Result ignored = session.run(Map.of("input_ids", i, "attention_mask", m))) {
                // only the time
            }
            System.out.printf(
                    "%s %s: session %.2f s, first 8x64 run %.2f s, peak RSS %d MiB, PSS now %d MiB%n",
                    how,
                    file,
                    sessionSeconds,
                    (System.nanoTime() - run) / 1e9,
                    kib("/proc/self/status", "VmHWM:") / 1024,
                    kib("/proc/self/smaps_rollup", "Pss:") / 1024);
        }
    }

    private static long kib(String file, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of(file))) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }
}
