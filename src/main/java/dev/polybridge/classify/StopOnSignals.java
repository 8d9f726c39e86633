package dev.polybridge.classify;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, SIGTERM and SIGINT ask a run to stop instead of ending the JVM at once: the first one is passed to
 * {@code onStop}, which lets the batches in flight finish and the complete records reach the output; a second one
 * ends the process at once. Without it the JVM's shutdown hooks would close the Python context and ONNX Runtime under
 * the batches still running (a stack trace from every worker, or a crash in the native engine). Closing restores the
 * handlers that were there before.
 */
final class StopOnSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Consumer<Signal> onStop;
    private final PrintWriter err;
    private volatile Signal received;

    StopOnSignals(PrintWriter err, Consumer<Signal> onStop) {
        this.onStop = onStop;
        this.err = err;
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, this::handle));
            installed.add(signal);
        }
    }

    private synchronized void handle(Signal signal) {
        if (received != null) {
            Runtime.getRuntime().halt(exitCode(signal));
        }
        received = signal;
        err.println("classify: SIG" + signal.getName() + ": finishing the batches in flight, then stopping"
                + " (signal again to stop at once)");
        err.flush();
        onStop.accept(signal);
    }

    /** The signal that asked the run to stop, or null. */
    Signal received() {
        return received;
    }

    /** 128 + the signal's number, as a shell reports a process that a signal ended. */
    static int exitCode(Signal signal) {
        return 128 + signal.getNumber();
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
