package dev.polybridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.api.ApiModels.ApiError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests a web page could make on a user's behalf, refused before anything else runs:
 * <ul>
 *   <li>a Host the service is not known by: 421. A page on another site can make a browser resolve its own name to
 *       127.0.0.1 (DNS rebinding) and then reach the service, but the Host header still carries that name. Allowed:
 *       the loopback names, the bound address, {@code polybridge.http.allowed-hosts}, and any IP address when the service
 *       is bound to all interfaces (an address cannot be rebound);</li>
 *   <li>a request to an endpoint that changes state ({@code POST /v1/regression/fit}) without the bearer token, when
 *       {@code polybridge.http.token} is set: 401.</li>
 * </ul>
 * Bodies must be sent with their real type ({@code application/json}, {@code text/csv}; else 415), neither of which a
 * page can send across sites without a CORS preflight, and CORS is off unless {@code quarkus.http.cors.*} turns it on.
 */
@ApplicationScoped
public class ClientChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]");

    private final Set<String> allowedHosts = new HashSet<>();
    private final boolean anyHost;
    private final boolean anyAddress;
    private final byte[] token;

    @Inject
    ClientChecks(
            HttpConfig http, @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String boundHost) {
        allowedHosts.addAll(LOOPBACK);
        allowedHosts.add(normalize(boundHost));
        http.allowedHosts().ifPresent(hosts -> hosts.forEach(h -> allowedHosts.add(normalize(h))));
        this.anyHost = allowedHosts.contains("*");
        this.anyAddress = WILDCARD.contains(normalize(boundHost));
        this.token = http.token()
                .filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8))
                .orElse(null);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 3).handler(this::check);
    }

    private void check(RoutingContext routing) {
        // The authority is the Host header in HTTP/1.1 and the :authority pseudo-header after an h2c upgrade.
        HostAndPort authority = routing.request().authority();
        String problem = hostProblem(authority == null ? null : authority.host());
        if (problem != null) {
            refuse(routing, problem.startsWith("no Host") ? 400 : 421, problem, "Host");
            return;
        }
        if (token != null
                && changesState(routing)
                && !authorized(routing.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            routing.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(
                    routing,
                    401,
                    "this endpoint changes the served model and needs the header 'Authorization: Bearer <token>'"
                            + " with the token set in polybridge.http.token",
                    "Authorization");
            return;
        }
        routing.next();
    }

    /** Why the Host header is refused, or null. */
    String hostProblem(String host) {
        if (host == null || host.isBlank()) return "no Host header: send the name or address the service is reached by";
        if (anyHost) return null;
        String name = normalize(stripPort(host.strip()));
        if (allowedHosts.contains(name)) return null;
        if (anyAddress && isIpLiteral(name)) return null;
        return ("Host '%s' is not a name this service answers to (%s); add it to polybridge.http.allowed-hosts if it"
                        + " should be")
                .formatted(
                        host, String.join(", ", allowedHosts.stream().sorted().toList()));
    }

    private static boolean changesState(RoutingContext routing) {
        return routing.request().method() == HttpMethod.POST && RequestSizeLimits.FIT.equals(routing.normalizedPath());
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    private static String normalize(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) lower = lower.substring(0, lower.length() - 1);
        try {
            return IDN.toASCII(lower, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return lower;
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.startsWith("[") && host.endsWith("]") || host.indexOf(':') >= 0) return true;
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static void refuse(RoutingContext routing, int status, String message, String field) {
        try {
            routing.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JSON.writeValueAsString(new ApiError(message, field)));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }
}
