package dev.polybridge.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The CPython the tests run (system property polybridge.python, default python3 on the PATH), resolved to its real
 * executable so that launcher shims (pyenv) do not add processes to the measured tree.
 */
final class Python {

    private static String executable;

    private Python() {}

    static synchronized String executable() throws IOException, InterruptedException {
        if (executable == null) {
            Process python = new ProcessBuilder(
                            System.getProperty("polybridge.python", "python3"),
                            "-c",
                            "import sys; print(sys.executable)")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (python.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("no working python3: " + out);
            }
            executable = out;
        }
        return executable;
    }
}
