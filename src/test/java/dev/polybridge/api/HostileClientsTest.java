package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.polybridge.classify.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: clients that stall or flood, and a bearer token for the endpoint that replaces the served model. Short
 * timeouts and a small buffered-bytes budget so the test runs in seconds; the assertions are about answers and memory,
 * never about how fast.
 */
@QuarkusTest
@TestProfile(HostileClientsTest.Guarded.class)
class HostileClientsTest {
    static final String TOKEN = "s3cret-for-the-test";

    public static class Guarded extends ServingProfile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "polybridge.http.token",
                    TOKEN,
                    "polybridge.limits.body-timeout",
                    "2s",
                    "polybridge.limits.upload-stall-timeout",
                    "2s",
                    "polybridge.limits.max-buffered-bytes",
                    "16M");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassificationService service;

    @Inject
    RequestSizeLimits sizeLimits;

    @BeforeEach
    void ready() throws InterruptedException {
        await("model ready", () -> service.state() == ClassificationService.State.READY);
    }

    @Test
    void replacingTheServedModelNeedsTheBearerToken() throws IOException {
        byte[] housing = Files.readAllBytes(TestData.shared("data/boston-housing.csv"));
        given().contentType("text/csv")
                .body(housing)
                .post("/v1/regression/fit")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("field", equalTo("Authorization"));
        given().contentType("text/csv")
                .header("Authorization", "Bearer wrong")
                .body(housing)
                .post("/v1/regression/fit")
                .then()
                .statusCode(401);
        given().contentType("text/csv")
                .header("Authorization", "Bearer " + TOKEN)
                .body(housing)
                .post("/v1/regression/fit")
                .then()
                .statusCode(200)
                .body("target", equalTo("mv"));
        given().contentType("application/json")
                .body("{\"texts\": [\"reading needs no token\"]}")
                .post("/v1/classify")
                .then()
                .statusCode(200);
    }

    /** Sends a request head and part of its body, then nothing; returns what the server answered. */
    private String stall(String path, String type, int declared, byte[] part) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000); // half the idle timeout: a connection left open fails the test
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                            + "\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bodiesThatStopArrivingGetAnAnswerAndTheConnectionCloses() throws Exception {
        String json =
                stall("/v1/classify", "application/json", 1000, "{\"texts\": [\"ab".getBytes(StandardCharsets.UTF_8));
        assertThat(json)
                .startsWith("HTTP/1.1 408")
                .contains("the body did not arrive within 2 s (polybridge.limits.body-timeout)");

        String smallFit =
                stall("/v1/regression/fit", "text/csv", 1000, "a,b,y\n1,2,3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(smallFit)
                .startsWith("HTTP/1.1 408")
                .contains("no byte for 2 s (polybridge.limits.upload-stall-timeout)");

        byte[] rows = Files.readAllBytes(TestData.wineReviews());
        byte[] part = java.util.Arrays.copyOf(rows, 200_000);
        String bigFit = stall("/v1/regression/fit", "text/csv", 4_000_000, part);
        assertThat(bigFit).startsWith("HTTP/1.1 408").contains("no byte for 2 s");

        String csv = stall("/v1/classify/csv", "text/csv", rows.length, part);
        assertThat(csv)
                .startsWith("HTTP/1.1 200")
                .contains("\"aborted\":true")
                .contains("the upload stopped arriving: no byte for 2 s (polybridge.limits.upload-stall-timeout)")
                .contains("\"resume_offset\":")
                .contains("0\r\n\r\n");
        String lastRecord = csv.lines()
                .filter(l -> l.startsWith("{\"aborted\""))
                .findFirst()
                .orElseThrow();
        long written = csv.lines().filter(l -> l.startsWith("{\"id\"")).count();
        assertThat(lastRecord).contains("\"records_written\":" + written).contains("\"resume_offset\":" + written);
    }

    /**
     * The flood: 60 connections each sending 7 MB of a declared 8 MB JSON body. The bodies being received are
     * bounded (the rest get 503 at once), every connection gets an answer, and what the burst held is garbage once
     * they are gone: the heap after a collection is back where it was.
     */
    @Test
    void aFloodOfLargeStalledBodiesIsBoundedAnsweredAndLeavesNoMemoryBehind() throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        byte[] body = new byte[7_000_000];
        java.util.Arrays.fill(body, (byte) 'x');
        System.arraycopy("{\"texts\": [\"".getBytes(StandardCharsets.US_ASCII), 0, body, 0, 11);
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        long[] peakBuffered = {0};
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                all.add(CompletableFuture.runAsync(() -> answers.merge(floodOne(body), 1, Integer::sum), clients));
            }
            CompletableFuture<Void> done = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
            while (!done.isDone()) {
                peakBuffered[0] = Math.max(peakBuffered[0], sizeLimits.bufferedBytes());
                Thread.sleep(5);
            }
            done.get(120, TimeUnit.SECONDS);
        }
        assertThat(answers.keySet())
                .as("every connection answered: %s", answers)
                .allMatch(status -> status.equals("503") || status.equals("408"));
        assertThat(answers.get("503")).as("refused at once past the budget").isGreaterThanOrEqualTo(40);
        assertThat(peakBuffered[0]).as("bytes of bodies being received at once").isLessThanOrEqualTo(16L << 20);
        await("the budget is returned", () -> sizeLimits.bufferedBytes() == 0);
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();
        assertThat(heapAfter - heapBefore)
                .as("live heap after the burst, bytes")
                .isLessThan(32L << 20);
        given().contentType("application/json")
                .body("{\"texts\": [\"still serving\"]}")
                .post("/v1/classify")
                .then()
                .statusCode(200)
                .body(containsString("label"));
    }

    /** One flooding client: the status it got, or "none" when the connection closed without an answer. */
    private String floodOne(byte[] body) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000); // half the idle timeout: a connection left open fails the test
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 8000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedMidway) {
                // the server answered and closed while we were still sending
            }
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return head.length == 12 ? new String(head, 9, 3, StandardCharsets.US_ASCII) : "none";
        } catch (IOException e) {
            return "none: " + e.getMessage();
        }
    }
}
