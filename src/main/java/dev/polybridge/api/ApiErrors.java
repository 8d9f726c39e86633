package dev.polybridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.polybridge.api.ApiModels.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure of the API as {@code {"error": "...", "field": "..."}} with a status that says whose fault it is. */
public class ApiErrors {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @Inject
    BatchConfig batch;

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return json(e.status(), new ApiError(e.getMessage(), e.field()), e.retryAfter());
    }

    /** Queue full or shutting down: 503 with Retry-After; the queue never grows past its capacity. */
    @ServerExceptionMapper
    public Response overloaded(BatcherRejectedException e) {
        return json(503, new ApiError(e.getMessage(), null), batch.retryAfter());
    }

    /** A batch failed in the engine (a Python error): only the requests in that batch fail; the server stays up. */
    @ServerExceptionMapper
    public Response batchFailed(BatchFailedException e) {
        LOG.warn(e.getMessage(), e.getCause());
        return json(500, new ApiError(e.getMessage(), null), null);
    }

    @ServerExceptionMapper
    public Response notJson(JsonProcessingException e) {
        return json(400, new ApiError("the body is not valid JSON: " + e.getOriginalMessage(), "body"), null);
    }

    /** Quarkus's own refusals (404, 405, 415, and unreadable JSON, which the Jackson reader wraps) as JSON too. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException notJson) {
            return notJson(notJson);
        }
        if (e.getResponse().getStatus() == 415) {
            String path = uri.getPath();
            String expected = path.equals(RequestSizeLimits.CLASSIFY_CSV) || path.equals(RequestSizeLimits.FIT)
                    ? "text/csv"
                    : MediaType.APPLICATION_JSON;
            String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
            return json(
                    415,
                    new ApiError(
                            "%s takes a body of Content-Type %s, this one is %s"
                                    .formatted(
                                            path, expected, sent == null ? "without a Content-Type" : "'" + sent + "'"),
                            "Content-Type"),
                    null);
        }
        return json(e.getResponse().getStatus(), new ApiError(e.getMessage(), null), null);
    }

    /** A failure nobody foresaw: the details, stack trace included, go to the log; the client gets what it was. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return json(
                500,
                new ApiError(
                        "internal error: " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + " (the server log has the details)",
                        null),
                null);
    }

    /** Every error leaves through here, without the server's file paths (see {@link ClientText}). */
    private static Response json(int status, ApiError error, Duration retryAfter) {
        ApiError safe = new ApiError(ClientText.withoutPaths(error.error()), error.field());
        Response.ResponseBuilder response =
                Response.status(status).type(MediaType.APPLICATION_JSON).entity(safe);
        if (status == 408 || status == 413) {
            // The rest of the body is never read: the connection cannot carry another request.
            response.header("Connection", "close");
        }
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        return response.build();
    }
}
