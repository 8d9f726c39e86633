package dev.polybridge.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The service's tests run the application as {@code serve} does: HTTP listener on (a random port) and the model loaded
 * at start-up, with {@link FakeClassifiers} instead of the real engine. Other @QuarkusMainTest classes keep the CLI
 * default, listener off, real engine. Subclasses add their own settings.
 */
public class ServingProfile implements QuarkusTestProfile {

    @Override
    public final Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeClassifiers.class);
    }

    @Override
    public final Map<String, String> getConfigOverrides() {
        var config = new HashMap<String, String>(settings());
        config.put("polybridge.serve", "true");
        return config;
    }

    protected Map<String, String> settings() {
        return Map.of();
    }
}
