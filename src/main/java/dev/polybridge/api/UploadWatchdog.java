package dev.polybridge.api;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends uploads whose client stopped sending. An upload is read only as fast as it is classified, so a quiet connection
 * alone proves nothing; what does is the server waiting in a read for {@code polybridge.limits.upload-stall-timeout}
 * with no byte arriving. Then the reading thread is interrupted, and the endpoint answers 408 (or, once its stream has
 * started, ends it with the aborted record) instead of holding the connection until Quarkus's own read timeout closes
 * it without a word.
 */
@ApplicationScoped
public class UploadWatchdog {
    private final Duration stallTimeout;
    private final Set<UploadLimit> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    UploadWatchdog(LimitsConfig limits) {
        this.stallTimeout = limits.uploadStallTimeout();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("polybridge-upload-watchdog")
                .daemon(true)
                .factory());
        long period = Math.max(50, Math.min(1000, stallTimeout.toMillis() / 4));
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Watches {@code upload} until it is closed. */
    UploadLimit watch(UploadLimit upload) {
        watched.add(upload);
        return upload;
    }

    void forget(UploadLimit upload) {
        watched.remove(upload);
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (UploadLimit upload : watched) upload.interruptIfStalled(now, stallTimeout.toNanos());
    }

    void onStop(@Observes ShutdownEvent event) {
        sweeper.shutdownNow();
    }
}
