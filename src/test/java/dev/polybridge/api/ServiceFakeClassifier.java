package dev.polybridge.api;

import dev.polybridge.bridge.PythonException;
import dev.polybridge.classify.FakeClassifier;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service's stand-in engine: labels from {@link FakeClassifier#expected}; a batch holding {@link #RAISE} fails as a
 * whole with a Python error; while the gate is closed, batches wait (a slow engine, for overload and shutdown tests).
 */
public final class ServiceFakeClassifier implements TextClassifier {
    public static final String RAISE = "RAISE-IN-PYTHON";

    private final ExecutorService engine = Executors.newVirtualThreadPerTaskExecutor();
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean closed;

    public static Classification expected(String text) {
        return FakeClassifier.expected(text);
    }

    /** Batches sent from now on wait until {@link #openGate()}. */
    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    public List<List<String>> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
        List<String> batch = List.copyOf(texts);
        batches.add(batch);
        CountDownLatch waitFor = gate;
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        waitFor.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    if (batch.stream().anyMatch(t -> t.contains(RAISE))) {
                        throw new PythonException(
                                "ValueError",
                                "simulated failure inside the pipeline",
                                "Traceback (most recent call last):\n  File \"pipeline.py\", line 1, in process_batch\nValueError: simulated failure inside the pipeline");
                    }
                    return batch.stream().map(ServiceFakeClassifier::expected).toList();
                },
                engine);
    }

    @Override
    public String describe() {
        return "service fake classifier";
    }

    @Override
    public void close() {
        closed = true;
        openGate();
    }
}
