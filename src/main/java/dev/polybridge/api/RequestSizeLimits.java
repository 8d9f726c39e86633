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
import java.util.Set;

/**
 * Refuses a body whose Content-Length is over the limit with a JSON 413, before anything is read: CSV uploads
 * ({@code polybridge.limits.max-upload-bytes}) and the JSON endpoints ({@code polybridge.limits.max-json-bytes}).
 * It runs just before Quarkus's own max-body-size check (a higher hard cap, which would answer with an empty body).
 * CSV uploads sent without Content-Length are counted as they are read instead; JSON requests without one get 411.
 */
@ApplicationScoped
public class RequestSizeLimits {
    /** Endpoints that take CSV uploads; the other POST endpoints take JSON. */
    static final Set<String> UPLOAD_PATHS = Set.of("/v1/classify/csv", "/v1/regression/fit");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LimitsConfig limits;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext routing) {
        String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        String path = routing.normalizedPath();
        boolean upload = UPLOAD_PATHS.contains(path);
        if (length == null && !upload && path.startsWith("/v1/") && routing.request().method() == HttpMethod.POST) {
            refuse(routing, 411, "JSON requests must declare Content-Length; a chunked JSON body cannot be checked"
                    + " against polybridge.limits.max-json-bytes before it is read");
            return;
        }
        if (length == null || !path.startsWith("/v1/")) {
            routing.next();
            return;
        }
        long limit = (upload ? limits.maxUploadBytes() : limits.maxJsonBytes()).asLongValue();
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            routing.next();
            return;
        }
        if (declared <= limit) {
            routing.next();
            return;
        }
        refuse(routing, 413, "the body is %d bytes; the limit is %d (%s)".formatted(declared, limit,
                upload ? "polybridge.limits.max-upload-bytes" : "polybridge.limits.max-json-bytes"));
    }

    private static void refuse(RoutingContext routing, int status, String message) {
        try {
            routing.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(JSON.writeValueAsString(new ApiError(message, "body")));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }
}
