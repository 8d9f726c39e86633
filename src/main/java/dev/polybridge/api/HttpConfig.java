package dev.polybridge.api;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** {@code polybridge.http.*}: who may talk to the service (docs/service.md, "Clients a browser could send"). */
@ConfigMapping(prefix = "polybridge.http")
public interface HttpConfig {
    /**
     * Host names a request's Host header may carry besides the loopback names and the bound address; {@code *} turns
     * the check off. Needed when the service is bound to 0.0.0.0 and reached by name.
     */
    Optional<List<String>> allowedHosts();

    /**
     * When set (or {@code POLYBRIDGE_HTTP_TOKEN}), endpoints that change the server's state need
     * {@code Authorization: Bearer <token>}.
     */
    Optional<String> token();
}
