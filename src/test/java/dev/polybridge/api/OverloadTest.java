package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static dev.polybridge.api.ServiceTestSupport.postAsync;
import static dev.polybridge.api.ServiceTestSupport.textsJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.polybridge.classify.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A slow engine (one batch in flight, a queue of 4 texts): overload gives 503, disconnects drop queued work. */
@QuarkusTest
@TestProfile(OverloadTest.SmallQueue.class)
class OverloadTest {

    public static class SmallQueue extends ServingProfile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "polybridge.workers",
                    "1",
                    "polybridge.batch.queue-capacity",
                    "4",
                    "polybridge.limits.max-texts",
                    "4",
                    "polybridge.batch.max-wait",
                    "0s",
                    "polybridge.batch.retry-after",
                    "2s",
                    "polybridge.limits.max-upload-bytes",
                    "256K");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassificationService service;

    @Inject
    FakeClassifiers classifiers;

    @BeforeEach
    void ready() throws InterruptedException {
        await("model ready", () -> service.state() == ClassificationService.State.READY);
    }

    @AfterEach
    void releaseTheEngine() {
        classifiers.current().openGate();
    }

    /** Closes the gate and puts one request into the engine, where it waits. */
    private CompletableFuture<HttpResponse<String>> occupyTheEngine() throws InterruptedException {
        ServiceFakeClassifier engine = classifiers.current();
        engine.closeGate();
        int before = engine.batches().size();
        var occupant = postAsync(base, "/v1/classify", textsJson(List.of("occupant")));
        await("occupant in the engine", () -> engine.batches().size() == before + 1);
        return occupant;
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndNeverGrows() throws Exception {
        var occupant = occupyTheEngine();
        List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(postAsync(base, "/v1/classify", textsJson(List.of("queued " + i))));
        }
        await("4 texts queued", () -> service.batcher().queuedTexts() == 4);

        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("one too many")))
                .post("/v1/classify")
                .then()
                .statusCode(503)
                .header("Retry-After", "2")
                .body(
                        "error",
                        containsString(
                                "the server is overloaded: 4 texts are queued, this request adds 1, the queue holds 4"));
        assertThat(service.batcher().queuedTexts()).isEqualTo(4);
        given().get("/q/metrics")
                .then()
                .body(containsString("polybridge_batch_queue_texts 4.0"))
                .body(containsString("polybridge_batch_rejected_total{reason=\"queue_full\"}"));

        classifiers.current().openGate();
        assertThat(occupant.get().statusCode()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = queued.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("\"label\":\""
                            + ServiceFakeClassifier.expected("queued " + i).label() + "\"");
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aClientThatDisconnectsHasItsQueuedTextsDropped() throws Exception {
        var occupant = occupyTheEngine();
        String body = textsJson(List.of("nobody waits for me"));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            await("the text queued", () -> service.batcher().queuedTexts() == 1);
        }
        await(
                "the queued text dropped after the disconnect",
                () -> service.batcher().queuedTexts() == 0);
        classifiers.current().openGate();
        assertThat(occupant.get().statusCode()).isEqualTo(200);
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("after")))
                .post("/v1/classify")
                .then()
                .statusCode(200);
        assertThat(classifiers.current().batches()).noneMatch(batch -> batch.contains("nobody waits for me"));
        given().get("/q/metrics").then().body(containsString("polybridge_batch_dropped_texts_total 1.0"));
    }

    @Test
    void anUploadWithoutContentLengthStopsAtTheLimitWithAClosingRecord() throws Exception {
        byte[] wine = Files.readAllBytes(TestData.wineReviews());
        HttpResponse<String> response = ServiceTestSupport.HTTP.send(
                HttpRequest.newBuilder(base.resolve("/v1/classify/csv"))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(wine)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        String last = lines.getLast();
        assertThat(last)
                .contains("\"aborted\":true")
                .contains("the upload exceeds 262144 bytes (polybridge.limits.max-upload-bytes)")
                .contains("\"records_written\":" + (lines.size() - 1))
                .contains(
                        "the records above are complete; POST the same upload again with offset=" + (lines.size() - 1));
        assertThat(lines.size() - 1)
                .as("whole windows of rows were classified before the limit")
                .isGreaterThanOrEqualTo(256);
        assertThat(lines.getFirst()).startsWith("{\"id\":\"0\",\"line\":2,");
    }
}
