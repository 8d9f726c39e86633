package dev.polybridge.api;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * An upload as the endpoints read it: its bytes counted, failing past the limit (for uploads without Content-Length;
 * a declared length over the limit is refused before anything is read, by {@link RequestSizeLimits}), and a read that
 * waits too long for the client failing with {@link Stalled} (see {@link UploadWatchdog}). After either, or whenever
 * the endpoint stops before the end of the body, the rest is never read and the connection closes once the endpoint
 * has answered.
 */
final class UploadLimit extends InputStream {

    /** The upload went past its limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit, String key) {
            super("the upload exceeds %d bytes (%s)".formatted(limit, key));
        }
    }

    /** The client stopped sending while the server waited for the rest of the upload. */
    static final class Stalled extends IOException {
        Stalled(Duration timeout) {
            super("the upload stopped arriving: no byte for %d s (polybridge.limits.upload-stall-timeout)"
                    .formatted(timeout.toSeconds()));
        }
    }

    private final InputStream in;
    private final long limit;
    private final String key;
    private final UploadWatchdog watchdog;
    private final RoutingContext routing;
    private final Object lock = new Object();
    private long read;
    private Thread reader;
    private long readingSince;
    private boolean interrupted;
    private volatile boolean abandoned;
    private boolean endOfBody;

    /**
     * Reads {@code in}, the body of the request {@code routing} is handling; from now on the endpoint reads the upload
     * itself, so the watchdog rather than {@link RequestSizeLimits} checks that it keeps arriving.
     *
     * @param key the setting that holds the limit, for the message
     */
    UploadLimit(InputStream in, long limit, String key, UploadWatchdog watchdog, RoutingContext routing) {
        this.in = in;
        this.limit = limit;
        this.key = key;
        this.watchdog = watchdog;
        this.routing = routing;
        routing.put(RequestSizeLimits.HANDED_OVER, true);
        watchdog.watch(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (abandoned) throw new IOException("the upload was abandoned");
        synchronized (lock) {
            reader = Thread.currentThread();
            readingSince = System.nanoTime();
        }
        int n;
        boolean stalled;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            if (endRead()) {
                abandon(true);
                throw new Stalled(watchdog.stallTimeout());
            }
            throw e;
        }
        stalled = endRead();
        if (stalled && n <= 0) {
            abandon(true);
            throw new Stalled(watchdog.stallTimeout());
        }
        if (n < 0) endOfBody = true;
        if (n > 0) {
            read += n;
            if (read > limit) {
                abandon(false);
                throw new TooLarge(limit, key);
            }
        }
        return n;
    }

    /** Ends a read; true when the watchdog interrupted it (the interrupt is cleared). */
    private boolean endRead() {
        synchronized (lock) {
            reader = null;
            if (!interrupted) return false;
            interrupted = false;
            Thread.interrupted();
            return true;
        }
    }

    /** Called by the watchdog: interrupts a read that has waited longer than {@code timeoutNanos}. */
    void interruptIfStalled(long nowNanos, long timeoutNanos) {
        synchronized (lock) {
            if (reader != null && !interrupted && nowNanos - readingSince > timeoutNanos) {
                interrupted = true;
                reader.interrupt();
            }
        }
    }

    /**
     * Past the limit, stalled, or the endpoint stopped early: the rest of the body will never be read, so a plain
     * answer closes the connection once it is out (Vert.x would otherwise keep it open, waiting for the rest of the
     * request). A streamed answer ends with its terminator; then the connection closes too if the client had stopped
     * sending ({@code clientStopped}), rather than at the idle timeout. A client still sending is left to end it: closing
     * a socket with its bytes unread resets it, which can cut off the end of the stream on the client's side.
     */
    private void abandon(boolean clientStopped) {
        if (abandoned) return;
        abandoned = true;
        routing.vertx().runOnContext(onEventLoop -> {
            if (routing.response().closed() || (routing.response().headWritten() && !clientStopped)) return;
            if (routing.response().ended()) {
                routing.request().connection().close();
            } else {
                routing.addEndHandler(ended -> routing.request().connection().close());
            }
        });
    }

    /**
     * Stops watching. A body not read to its end is left unread (Quarkus would read it all, however long the client
     * takes) and the connection closes after the answer.
     */
    @Override
    public void close() throws IOException {
        watchdog.forget(this);
        if (endOfBody) {
            in.close();
        } else {
            abandon(false);
        }
    }

    /**
     * What to answer when reading {@code what} failed before anything was sent: 413 past the limit, 408 when the client
     * stopped sending, else 400; the message never carries a server path.
     */
    static ApiException refusal(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge tooLarge) return ApiException.tooLarge(tooLarge.getMessage(), "body");
            if (t instanceof Stalled stalled) return new ApiException(408, stalled.getMessage(), "body", null);
        }
        Throwable root =
                failure instanceof UncheckedIOException && failure.getCause() != null ? failure.getCause() : failure;
        return ApiException.badRequest(
                what + " could not be read: " + ClientText.withoutPaths(String.valueOf(root.getMessage())), "body");
    }

    /** The cause that says why reading stopped early, or null for another failure. */
    static IOException whyStopped(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge || t instanceof Stalled) return (IOException) t;
        }
        return null;
    }
}
