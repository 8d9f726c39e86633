package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.TestData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a SIGTERM during a CSV stream cut it off with no terminating chunk and no aborted record. Now shutdown
 * stops the stream in time (polybridge.shutdown.stream-timeout): the batches in flight finish, the complete windows
 * are written, and the stream ends normally with the aborted record that says where to resume. Its own profile: the
 * application stops accepting work in this test.
 */
@QuarkusTest
@TestProfile(StreamAtShutdownTest.Stopping.class)
class StreamAtShutdownTest {

    public static class Stopping extends ServingProfile {
        @Override
        protected Map<String, String> settings() {
            return Map.of(
                    "polybridge.workers",
                    "1",
                    "polybridge.batch.max-size",
                    "8",
                    "polybridge.shutdown.stream-timeout",
                    "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassificationService service;

    @Inject
    FakeClassifiers classifiers;

    @Test
    void aStreamRunningAtShutdownEndsWithTheAbortedRecordAndWhereToResume() throws Exception {
        await("model ready", () -> service.state() == ClassificationService.State.READY);
        ServiceFakeClassifier engine = classifiers.current();
        byte[] reviews = Files.readAllBytes(TestData.wineReviews());
        HttpResponse<Stream<String>> response = ServiceTestSupport.HTTP
                .sendAsync(
                        HttpRequest.newBuilder(base.resolve("/v1/classify/csv"))
                                .header("Content-Type", "text/csv")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(reviews))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        List<String> received = new ArrayList<>();
        while (received.size() < 256) received.add(lines.next());
        engine.closeGate();

        service.stopAccepting();
        await("the stream is asked to stop (polybridge.shutdown.stream-timeout)", () -> service.streamsStopped() > 0);
        engine.openGate();
        lines.forEachRemaining(received::add);

        ObjectMapper json = new ObjectMapper();
        JsonNode last = json.readTree(received.getLast());
        List<String> records = received.subList(0, received.size() - 1);
        assertThat(last.get("aborted").asBoolean()).as(received.getLast()).isTrue();
        assertThat(last.get("error").asText()).isEqualTo("the service is shutting down");
        assertThat(last.get("records_written").asLong()).isEqualTo(records.size());
        assertThat(last.get("resume_offset").asLong()).isEqualTo(records.size());
        assertThat(last.get("resume").asText()).contains("offset=" + records.size());
        assertThat(records.size()).as("whole windows, not all 10,001").isLessThan(10_001);
        // The profile's 1 worker and batches of 8, as CsvClassifyResource sets up its job.
        var settings = new ClassifyJob.Settings(1, 8, true, false, ClassifyJob.STREAM_WINDOW_ROWS);
        var windowEnds = new ArrayList<Integer>();
        for (int index = 0, end = 0; end < records.size(); index++) {
            windowEnds.add(end += settings.windowRows(index));
        }
        assertThat(windowEnds)
                .as("%d records: whole windows (8, 32, 128, then 256 rows)", records.size())
                .contains(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = json.readTree(records.get(i));
            assertThat(record.get("id").asText()).isEqualTo(Integer.toString(i));
            assertThat(record.get("line").asLong()).isEqualTo(i + 2);
        }
        service.shutdown(java.time.Duration.ofSeconds(30));
    }
}
