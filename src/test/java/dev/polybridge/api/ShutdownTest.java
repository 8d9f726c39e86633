package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static dev.polybridge.api.ServiceTestSupport.postAsync;
import static dev.polybridge.api.ServiceTestSupport.textsJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Shutdown with work in flight, the two steps SIGTERM takes in {@code serve}: stop accepting (new requests and uploads
 * get 503, readiness DOWN, accepted work carries on), then, once Quarkus has let the requests in flight finish, drain
 * the batcher and close the classifier. Its own profile: the application cannot serve after this test.
 */
@QuarkusTest
@TestProfile(ShutdownTest.OneWorker.class)
class ShutdownTest {

    public static class OneWorker extends ServingProfile {
        @Override
        protected Map<String, String> settings() {
            return Map.of("polybridge.workers", "1", "polybridge.batch.max-size", "2");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassificationService service;

    @Inject
    FakeClassifiers classifiers;

    @Test
    void inFlightAndQueuedRequestsFinishNewOnesGet503AndTheClassifierCloses() throws Exception {
        await("model ready", () -> service.state() == ClassificationService.State.READY);
        ServiceFakeClassifier engine = classifiers.current();
        engine.closeGate();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        List<String> texts = List.of("in the engine", "queued one", "queued two", "queued three");
        inFlight.add(postAsync(base, "/v1/classify", textsJson(texts.subList(0, 1))));
        await("first request in the engine", () -> engine.batches().size() == 2);
        for (String text : texts.subList(1, 4)) inFlight.add(postAsync(base, "/v1/classify", textsJson(List.of(text))));
        await("three texts queued", () -> service.batcher().queuedTexts() == 3);

        service.stopAccepting();
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("too late")))
                .post("/v1/classify")
                .then()
                .statusCode(503)
                .header("Retry-After", "1")
                .body("error", containsString("shutting down"));
        given().contentType("text/csv")
                .body("id,description\n1,too late too\n")
                .post("/v1/classify/csv")
                .then()
                .statusCode(503)
                .body("error", containsString("shutting down"));
        given().get("/q/health/ready").then().statusCode(503);
        assertThat(service.batcher().queuedTexts())
                .as("accepted work stays queued")
                .isEqualTo(3);

        // Its own thread: the common pool may have a single worker, which RestAssured needs too.
        var shutdown = new CompletableFuture<Boolean>();
        Thread.ofPlatform().start(() -> shutdown.complete(service.shutdown(Duration.ofSeconds(60))));
        await("shutting down", () -> service.state() == ClassificationService.State.STOPPING);
        assertThat(shutdown).isNotDone();

        engine.openGate();
        assertThat(shutdown.get()).as("drained in time").isTrue();
        for (int i = 0; i < texts.size(); i++) {
            HttpResponse<String> response = inFlight.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"label\":\""
                            + ServiceFakeClassifier.expected(texts.get(i)).label() + "\"");
        }
        assertThat(engine.isClosed()).isTrue();
        assertThat(engine.batches()).noneMatch(batch -> batch.contains("too late"));
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }
}
