package dev.polybridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.polybridge.api.ApiModels.ApiError;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
    public Response http(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException notJson) {
            return notJson(notJson);
        }
        return json(e.getResponse().getStatus(), new ApiError(e.getMessage(), null), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return json(500, new ApiError("internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null), null);
    }

    private static Response json(int status, ApiError error, Duration retryAfter) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON).entity(error);
        if (retryAfter != null) {
            response.header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        return response.build();
    }
}
