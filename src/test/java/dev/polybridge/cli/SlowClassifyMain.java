package dev.polybridge.cli;

import dev.polybridge.classify.FakeClassifier;
import picocli.CommandLine;

/** {@code classify} with a slow fake classifier, in a JVM of its own, for a test to kill with SIGKILL midway. */
public final class SlowClassifyMain {
    private SlowClassifyMain() {}

    public static void main(String[] args) {
        int exit = new CommandLine(new ClassifyCommand(options -> new FakeClassifier(Integer.MAX_VALUE, 20)))
                .execute(args);
        System.exit(exit);
    }
}
