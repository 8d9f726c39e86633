package dev.polybridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.api.ApiModels.ApiError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a request body may cost, checked before anything is read:
 * <ul>
 *   <li>its size: a declared Content-Length over the limit is a JSON 413 (CSV uploads to classify,
 *       {@code polybridge.limits.max-upload-bytes}; fit uploads, {@code max-fit-bytes}; JSON bodies,
 *       {@code max-json-bytes}). It runs just before Quarkus's own max-body-size check (a higher hard cap, which would
 *       answer with an empty body). CSV uploads sent without Content-Length are counted as they are read instead
 *       ({@link UploadLimit}); JSON requests without one get 411.</li>
 *   <li>the memory of all bodies being received at once: JSON bodies are read whole before they are parsed, and a fit
 *       upload is held whole while it is fitted, so each reserves its declared length (a fit upload without one, its
 *       limit) until its response ends; past {@code polybridge.limits.max-buffered-bytes} a request gets 503 and
 *       Retry-After. CSV uploads to classify are streamed, a window of rows at a time, and reserve nothing.</li>
 *   <li>the time a JSON body may take to arrive, {@code polybridge.limits.body-timeout}; then 408 and the connection
 *       closes. Uploads have their own stall check ({@link UploadWatchdog}), since they are read only as fast as they
 *       are processed.</li>
 * </ul>
 */
@ApplicationScoped
public class RequestSizeLimits {
    static final String CLASSIFY_CSV = "/v1/classify/csv";
    static final String FIT = "/v1/regression/fit";
    /** Set on the routing context by an endpoint that reads its upload itself, through an {@link UploadLimit}. */
    static final String HANDED_OVER = "polybridge.upload-handed-over";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong buffered = new AtomicLong();

    @Inject
    LimitsConfig limits;

    @Inject
    BatchConfig batch;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    /** Bytes of request bodies being received or held now. */
    long bufferedBytes() {
        return buffered.get();
    }

    private void check(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (!path.startsWith("/v1/") || routing.request().method() != HttpMethod.POST) {
            routing.next();
            return;
        }
        boolean upload = path.equals(CLASSIFY_CSV) || path.equals(FIT);
        if (routing.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            // A page can send a body without any Content-Type (a Blob) across sites, without a preflight.
            refuse(
                    routing,
                    415,
                    "%s takes a body of Content-Type %s, this one is without a Content-Type"
                            .formatted(path, upload ? "text/csv" : "application/json"),
                    "Content-Type");
            return;
        }
        String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && !upload) {
            refuse(
                    routing,
                    411,
                    "JSON requests must declare Content-Length; a chunked JSON body cannot be checked"
                            + " against polybridge.limits.max-json-bytes before it is read");
            return;
        }
        String key = path.equals(CLASSIFY_CSV)
                ? "polybridge.limits.max-upload-bytes"
                : path.equals(FIT) ? "polybridge.limits.max-fit-bytes" : "polybridge.limits.max-json-bytes";
        long limit = (path.equals(CLASSIFY_CSV)
                        ? limits.maxUploadBytes()
                        : path.equals(FIT) ? limits.maxFitBytes() : limits.maxJsonBytes())
                .asLongValue();
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                refuse(routing, 400, "Content-Length '" + length + "' is not a number");
                return;
            }
        }
        if (declared > limit) {
            refuse(routing, 413, "the body is %d bytes; the limit is %d (%s)".formatted(declared, limit, key));
            return;
        }
        if (upload) closeIfTheUploadStallsBeforeItIsRead(routing);
        if (path.equals(CLASSIFY_CSV)) {
            routing.next();
            return;
        }
        if (!reserve(routing, declared >= 0 ? declared : limit)) return;
        if (!upload) closeIfTheBodyIsLate(routing);
        routing.next();
    }

    /**
     * Quarkus reads a small upload whole before the endpoint runs; no byte of it arriving for
     * polybridge.limits.upload-stall-timeout meanwhile is a 408. Once the endpoint reads the upload itself
     * ({@link #HANDED_OVER}), {@link UploadWatchdog} takes over, since from then on a quiet connection may only mean
     * the endpoint is busy with what it has.
     */
    private void closeIfTheUploadStallsBeforeItIsRead(RoutingContext routing) {
        long stall = limits.uploadStallTimeout().toNanos();
        long[] progress = {routing.request().bytesRead(), System.nanoTime()};
        long period = Math.max(50, Math.min(1000, limits.uploadStallTimeout().toMillis() / 4));
        long timer = routing.vertx().setPeriodic(period, id -> {
            if (routing.request().isEnded()
                    || routing.get(HANDED_OVER) != null
                    || routing.response().ended()
                    || routing.response().closed()) {
                routing.vertx().cancelTimer(id);
                return;
            }
            long now = System.nanoTime();
            long read = routing.request().bytesRead();
            if (read != progress[0]) {
                progress[0] = read;
                progress[1] = now;
            } else if (now - progress[1] > stall) {
                routing.vertx().cancelTimer(id);
                refuse(routing, 408, new UploadLimit.Stalled(limits.uploadStallTimeout()).getMessage());
            }
        });
        routing.addEndHandler(ended -> routing.vertx().cancelTimer(timer));
    }

    /** Reserves {@code bytes} of the buffered-bytes budget until the response ends, or answers 503. */
    private boolean reserve(RoutingContext routing, long bytes) {
        long cap = limits.maxBufferedBytes().asLongValue();
        while (true) {
            long now = buffered.get();
            if (now + bytes > cap && now > 0) {
                routing.response()
                        .putHeader(
                                HttpHeaders.RETRY_AFTER,
                                Long.toString(Math.max(1, (batch.retryAfter().toMillis() + 999) / 1000)));
                refuse(
                        routing,
                        503,
                        ("request bodies being received hold %d bytes and this one adds %d; the limit is %d"
                                        + " (polybridge.limits.max-buffered-bytes): retry later")
                                .formatted(now, bytes, cap));
                return false;
            }
            if (buffered.compareAndSet(now, now + bytes)) break;
        }
        routing.addEndHandler(ended -> buffered.addAndGet(-bytes));
        return true;
    }

    /** A JSON body still incomplete after polybridge.limits.body-timeout: 408, and the connection closes. */
    private void closeIfTheBodyIsLate(RoutingContext routing) {
        if (routing.request().isEnded()) return;
        Duration bodyTimeout = limits.bodyTimeout();
        long timer = routing.vertx().setTimer(Math.max(1, bodyTimeout.toMillis()), id -> {
            if (routing.request().isEnded()
                    || routing.response().ended()
                    || routing.response().closed()) return;
            if (routing.response().headWritten()) {
                routing.request().connection().close();
            } else {
                refuse(
                        routing,
                        408,
                        "the body did not arrive within %d s (polybridge.limits.body-timeout)"
                                .formatted(bodyTimeout.toSeconds()));
            }
        });
        routing.addEndHandler(ended -> routing.vertx().cancelTimer(timer));
    }

    /** Answers at once and closes the connection; the body is not read (and not buffered) meanwhile. */
    private static void refuse(RoutingContext routing, int status, String message) {
        refuse(routing, status, message, "body");
    }

    private static void refuse(RoutingContext routing, int status, String message, String field) {
        try {
            routing.request().pause();
            routing.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(JSON.writeValueAsString(new ApiError(ClientText.withoutPaths(message), field)))
                    .onComplete(done -> routing.request().connection().close());
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }
}
