package dev.polybridge.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: the model is loaded and its warm-up call succeeded. Liveness: the batcher's dispatcher runs. */
final class ServiceHealth {
    private ServiceHealth() {}

    @Readiness
    @ApplicationScoped
    static class ModelReady implements HealthCheck {
        @Inject
        ClassificationService service;

        @Override
        public HealthCheckResponse call() {
            var response = HealthCheckResponse.named("model")
                    .status(service.state() == ClassificationService.State.READY)
                    .withData("state", service.state().name());
            if (service.failure() != null) response.withData("failure", ClientText.withoutPaths(service.failure()));
            if (service.loadTime() != null)
                response.withData("load_and_warm_up_ms", service.loadTime().toMillis());
            if (service.classifier() != null)
                response.withData("model", service.classifier().describe());
            return response.build();
        }
    }

    @Liveness
    @ApplicationScoped
    static class BatcherAlive implements HealthCheck {
        @Inject
        ClassificationService service;

        @Override
        public HealthCheckResponse call() {
            DynamicBatcher batcher = service.batcher();
            boolean stopping = switch (service.state()) {
                case DRAINING, STOPPING, STOPPED -> true;
                default -> false;
            };
            boolean alive = batcher == null || stopping || batcher.isRunning();
            return HealthCheckResponse.named("batcher")
                    .status(alive)
                    .withData("running", batcher != null && batcher.isRunning())
                    .build();
        }
    }
}
