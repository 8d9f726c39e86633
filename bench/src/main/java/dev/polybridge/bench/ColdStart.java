package dev.polybridge.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Cold start to the first Python result, measured from outside in fresh processes of the real launcher. */
public final class ColdStart {
    private ColdStart() {}

    /** Launches {@code bin/polybridge info} {@code runs} times; returns the process wall times in ms, sorted. */
    public static double[] measure(Path home, int runs) throws IOException, InterruptedException {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            List<String> command =
                    new ArrayList<>(List.of(home.resolve("bin/polybridge").toString(), "info", "--json"));
            Instant started = Instant.now();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + exit);
            }
            millis[i] = Duration.between(started, Instant.now()).toNanos() / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }
}
