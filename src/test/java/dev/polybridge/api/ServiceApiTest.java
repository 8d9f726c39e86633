package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static dev.polybridge.api.ServiceTestSupport.rawExchange;
import static dev.polybridge.api.ServiceTestSupport.textsJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polybridge.classify.TestData;
import dev.polybridge.regression.LinearModel;
import dev.polybridge.regression.Regression;
import dev.polybridge.regression.RegressionOptions;
import dev.polybridge.sentiment.Classification;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint with the default settings (batching on), against {@link ServiceFakeClassifier}. */
@QuarkusTest
@TestProfile(ServingProfile.class)
class ServiceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void healthIsLiveAndReadyOnlyAfterTheWarmUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("model"))
                .body("checks[0].data.state", equalTo("READY"));
        assertThat(classifiers.current().batches().getFirst()).containsExactly(ClassificationService.WARM_UP_TEXT);
        assertThat(classifiers.options().batchSize())
                .as("the pipeline batch follows the batcher")
                .isEqualTo(32);
    }

    @Test
    void classifiesEachTextInOrder() throws IOException {
        List<String> texts =
                List.of("A superb, layered wine.", "Flat and sour; undrinkable.", "Ça sent la fraise 🍓", "42");
        String body = given().contentType(ContentType.JSON)
                .body(textsJson(texts))
                .post("/v1/classify")
                .then()
                .statusCode(200)
                .body("results", hasSize(4))
                .extract()
                .asString();
        JsonNode results = JSON.readTree(body).get("results");
        for (int i = 0; i < texts.size(); i++) {
            Classification expected = ServiceFakeClassifier.expected(texts.get(i));
            assertThat(results.get(i).get("label").asText()).isEqualTo(expected.label());
            assertThat(results.get(i).get("score").asDouble()).isEqualTo(expected.score());
            assertThat(results.get(i).get("truncated").asBoolean()).isEqualTo(expected.truncated());
            assertThat(results.get(i).has("error")).isFalse();
        }
    }

    @Test
    void badItemsGetTheirOwnErrorsAndTheRestIsClassified() {
        String body =
                "{\"texts\": [\"fine wine\", \"\", 17, null, \"bin\\u0000ary\", \"  \\n \", \"FAIL-ME please\", {\"a\": 1}]}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/classify")
                .then()
                .statusCode(200)
                .body("results", hasSize(8))
                .body(
                        "results[0].label",
                        equalTo(ServiceFakeClassifier.expected("fine wine").label()))
                .body("results[1].error", equalTo("texts[1]: empty text"))
                .body("results[2].error", equalTo("texts[2]: expected a string, got number"))
                .body("results[3].error", equalTo("texts[3]: expected a string, got null"))
                .body("results[4].error", equalTo("texts[4]: not text: control character U+0000 at character 4"))
                .body("results[5].error", equalTo("texts[5]: empty text"))
                .body("results[6].error", equalTo("texts[6]: simulated engine failure for this text"))
                .body("results[6].label", nullValue())
                .body("results[7].error", equalTo("texts[7]: expected a string, got object"));
    }

    @Test
    void malformedRequestsAre400WithTheFieldAtFault() {
        given().contentType(ContentType.JSON)
                .body("{\"texts\": [\"unclosed\"")
                .post("/v1/classify")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("not valid JSON"));
        given().contentType(ContentType.JSON)
                .body("[\"a\"]")
                .post("/v1/classify")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"));
        given().contentType(ContentType.JSON)
                .body("{\"text\": [\"a\"]}")
                .post("/v1/classify")
                .then()
                .statusCode(400)
                .body("field", equalTo("texts"))
                .body("error", containsString("must be an array"));
        given().contentType(ContentType.JSON)
                .body("{\"texts\": \"a\"}")
                .post("/v1/classify")
                .then()
                .statusCode(400)
                .body("field", equalTo("texts"));
        given().contentType(ContentType.JSON)
                .body("{\"texts\": []}")
                .post("/v1/classify")
                .then()
                .statusCode(400)
                .body("error", containsString("empty"));
        given().contentType(ContentType.TEXT)
                .body("plain")
                .post("/v1/classify")
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON);
        given().get("/v1/nothing-here").then().statusCode(404).contentType(ContentType.JSON);
    }

    @Test
    void requestsOverTheLimitsAre413NamingTheField() throws IOException {
        List<String> tooMany = Collections.nCopies(257, "x");
        given().contentType(ContentType.JSON)
                .body(textsJson(tooMany))
                .post("/v1/classify")
                .then()
                .statusCode(413)
                .body("field", equalTo("texts"))
                .body(
                        "error",
                        equalTo(
                                "257 texts in one request; the limit is 256 (polybridge.limits.max-texts): split the request"));
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("short", "y".repeat(20_001))))
                .post("/v1/classify")
                .then()
                .statusCode(413)
                .body("field", equalTo("texts[1]"))
                .body(
                        "error",
                        equalTo("text has 20001 characters; the limit is 20000 (polybridge.limits.max-text-chars)"));

        String head = "POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 9000000\r\n\r\n";
        String response = rawExchange(base, head, new byte[0]);
        assertThat(response)
                .startsWith("HTTP/1.1 413")
                .contains("application/json")
                .contains(
                        "{\"error\":\"the body is 9000000 bytes; the limit is 8388608 (polybridge.limits.max-json-bytes)\",\"field\":\"body\"}");

        String chunked = "POST /v1/classify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        assertThat(rawExchange(base, chunked, new byte[0]))
                .startsWith("HTTP/1.1 411")
                .contains("JSON requests must declare Content-Length");
    }

    @Test
    void aPythonErrorInOneBatchFailsOnlyThatBatchWith500NamingTheCause() {
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("good", ServiceFakeClassifier.RAISE)))
                .post("/v1/classify")
                .then()
                .statusCode(500)
                .body("error", containsString("PythonException: ValueError: simulated failure inside the pipeline"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("still serving")))
                .post("/v1/classify")
                .then()
                .statusCode(200)
                .body(
                        "results[0].label",
                        equalTo(ServiceFakeClassifier.expected("still serving").label()));
    }

    @Test
    void aCsvUploadStreamsOneRecordPerRowInOrder() throws IOException {
        List<String> lines = Files.readAllLines(TestData.wineReviews(), StandardCharsets.UTF_8);
        String upload = String.join("\n", lines.subList(0, 1201)) + "\n";
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new java.io.StringReader(upload))
                .getRecords();
        String out = given().contentType("text/csv")
                .body(upload.getBytes(StandardCharsets.UTF_8))
                .post("/v1/classify/csv")
                .then()
                .statusCode(200)
                .contentType("application/x-ndjson")
                .extract()
                .asString();
        List<JsonNode> records = jsonLines(out);
        assertThat(records).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode record = records.get(i);
            Classification expected = ServiceFakeClassifier.expected(rows.get(i).get("description"));
            assertThat(record.get("id").asText()).isEqualTo(rows.get(i).get("id"));
            assertThat(record.get("label").asText()).isEqualTo(expected.label());
            assertThat(record.get("error").isNull()).isTrue();
        }
    }

    @Test
    void aMalformedCsvRowGetsAnErrorNamingItsLineAndTheRestIsClassified() throws IOException {
        String upload = "id,description\n1,\"Fine, ripe fruit\"\n2,\"broken \"quote\" here\n3,\n4,Crisp and lively\n";
        List<JsonNode> records = jsonLines(given().contentType("text/csv")
                .body(upload)
                .queryParam("include_text", true)
                .post("/v1/classify/csv")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertThat(records).hasSize(4);
        assertThat(records.get(0).get("label").asText())
                .isEqualTo(ServiceFakeClassifier.expected("Fine, ripe fruit").label());
        assertThat(records.get(0).get("text").asText()).isEqualTo("Fine, ripe fruit");
        assertThat(records.get(1).get("error").asText()).startsWith("line 3: malformed CSV");
        assertThat(records.get(2).get("error").asText()).isEqualTo("line 4: empty text in column 'description'");
        assertThat(records.get(3).get("id").asText()).isEqualTo("4");
        assertThat(records.get(3).get("label").asText())
                .isEqualTo(ServiceFakeClassifier.expected("Crisp and lively").label());
    }

    @Test
    void unusableCsvUploadsAre400Or413() throws IOException {
        given().contentType("text/csv")
                .body("id,text\n1,hello\n")
                .post("/v1/classify/csv")
                .then()
                .statusCode(400)
                .body("field", equalTo("column"))
                .body(
                        "error",
                        containsString(
                                "has no column 'description'; its columns are ['id', 'text'] (choose one with the column query parameter)"));
        given().contentType("text/csv")
                .body("id,text\n1,hello\n")
                .queryParam("column", "text")
                .post("/v1/classify/csv")
                .then()
                .statusCode(200)
                .body(containsString(ServiceFakeClassifier.expected("hello").label()));
        given().contentType("text/csv").body("").post("/v1/classify/csv").then().statusCode(400);
        String head = "POST /v1/classify/csv HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                + "Content-Length: 300000000\r\n\r\n";
        assertThat(rawExchange(base, head, new byte[0]))
                .startsWith("HTTP/1.1 413")
                .contains("the body is 300000000 bytes; the limit is 268435456 (polybridge.limits.max-upload-bytes)");
    }

    @Test
    void infoReportsVersionsModelWorkersBatchingAndUptime() {
        given().get("/v1/info")
                .then()
                .statusCode(200)
                .body("state", equalTo("READY"))
                .body("quarkus", equalTo("3.33.2.1"))
                .body("model.precision", equalTo("fp32"))
                .body("model.description", equalTo("service fake classifier"))
                .body("workers", equalTo(2))
                .body("batching.enabled", equalTo(true))
                .body("batching.max_size", equalTo(32))
                .body("batching.max_wait_ms", equalTo(5.0f))
                .body("python.graalpy", equalTo("25.0.3"))
                .body("limits.max_texts", equalTo(256));
    }

    @Test
    void theMemoryReportIsTheWholeProcess() {
        var report = given().get("/v1/memory")
                .then()
                .statusCode(200)
                .body("schema", equalTo("polybridge.memory-report/1"))
                .extract()
                .jsonPath();
        assertThat(report.getLong("process.rssBytes")).isGreaterThan(report.getLong("jvm.heapUsedBytes"));
        assertThat(report.getLong("process.pssBytes")).isPositive();
    }

    @Test
    void regressionPredictsWithTheModelFittedAtStartUp() throws IOException {
        LinearModel expected = Regression.fitAndEvaluate(
                        TestData.shared("data/boston-housing.csv"), null, List.of(), RegressionOptions.DEFAULTS)
                .model();
        given().get("/v1/regression/model")
                .then()
                .statusCode(200)
                .body("target", equalTo("mv"))
                .body("features", equalTo(expected.featureNames()))
                .body("skipped_columns", equalTo(List.of("neighborhood")));
        double[] first = {0.00632, 18, 2.31, 0, 0.538, 6.575, 65.2, 4.09, 1, 296, 15.3, 4.98};
        double[] second = {0.02731, 0, 7.07, 0, 0.469, 6.421, 78.9, 4.9671, 2, 242, 17.8, 9.14};
        StringBuilder byName = new StringBuilder("{\"rows\": [");
        for (double[] row : List.of(first, second)) {
            if (byName.charAt(byName.length() - 1) == '}') byName.append(',');
            byName.append('{');
            for (int j = expected.featureNames().size() - 1; j >= 0; j--) {
                byName.append('"')
                        .append(expected.featureNames().get(j))
                        .append("\":")
                        .append(row[j])
                        .append(j > 0 ? "," : "");
            }
            byName.append('}');
        }
        byName.append("]}");
        String byPosition =
                "{\"rows\": [" + java.util.Arrays.toString(first) + "," + java.util.Arrays.toString(second) + "]}";
        for (String body : List.of(byName.toString(), byPosition)) {
            JsonNode predictions = JSON.readTree(given().contentType(ContentType.JSON)
                            .body(body)
                            .post("/v1/regression/predict")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .get("predictions");
            assertThat(predictions.get(0).asDouble()).isEqualTo(expected.predict(first));
            assertThat(predictions.get(1).asDouble()).isEqualTo(expected.predict(second));
        }
    }

    @Test
    void badRegressionRowsNameTheRowAndFeature() {
        String crimOnly = "{\"rows\": [{\"crim\": 0.1}]}";
        given().contentType(ContentType.JSON)
                .body(crimOnly)
                .post("/v1/regression/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("rows[0].zn"))
                .body("error", equalTo("missing value"));
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [[1,2,3,4,5,6,7,8,9,10,11,12], [1,2,3,4,5,6,7,8,9,10,11,\"x\"]]}")
                .post("/v1/regression/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("rows[1][11]"))
                .body("error", equalTo("expected a number, got string"));
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [{\"crim\": 1, \"rm\": 6}]}")
                .post("/v1/regression/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("rows[0].rm"))
                .body("error", containsString("unknown feature(s) [rm]"));
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [[1,2,3]]}")
                .post("/v1/regression/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("rows[0]"))
                .body("error", containsString("needs 12 values"));
        given().contentType(ContentType.JSON)
                .body("{\"rows\": []}")
                .post("/v1/regression/predict")
                .then()
                .statusCode(400);
        String tooMany =
                "{\"rows\": [" + String.join(",", Collections.nCopies(10_001, "[1,2,3,4,5,6,7,8,9,10,11,12]")) + "]}";
        given().contentType(ContentType.JSON)
                .body(tooMany)
                .post("/v1/regression/predict")
                .then()
                .statusCode(413)
                .body("field", equalTo("rows"));
    }

    @Test
    void aFitOnAnUploadReplacesTheServedModel() throws IOException {
        try {
            byte[] classic = Files.readAllBytes(TestData.shared("data/boston-housing-classic.csv"));
            given().contentType("text/csv")
                    .body(classic)
                    .queryParam("target", "medv")
                    .queryParam("solver", "normal-equation")
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(200)
                    .body("target", equalTo("medv"))
                    .body("solver", equalTo("normal-equation"))
                    .body("features", hasSize(13))
                    .body("split.test_rows", equalTo(102));
            given().contentType(ContentType.JSON)
                    .body("{\"rows\": [[0.00632,18,2.31,0,0.538,6.575,65.2,4.09,1,296,15.3,396.9,4.98]]}")
                    .post("/v1/regression/predict")
                    .then()
                    .statusCode(200)
                    .body("target", equalTo("medv"));

            given().contentType("text/csv")
                    .body("a,b,y\n1,2,3\n4,oops,6\n7,8,9\n")
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("body"))
                    .body("error", equalTo("upload.csv line 3 (data row 2), column \"b\": \"oops\" is not a number"));
            given().contentType("text/csv")
                    .body("a,b,y\n1,2,3\n")
                    .queryParam("target", "z")
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(400)
                    .body("error", containsString("unknown target column \"z\""));
            given().contentType("text/csv")
                    .body(classic)
                    .queryParam("solver", "magic")
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("solver"));
        } finally {
            given().contentType("text/csv")
                    .body(Files.readAllBytes(TestData.shared("data/boston-housing.csv")))
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(200)
                    .body("target", equalTo("mv"));
        }
    }

    @Test
    void metricsOpenApiAndSwaggerUiAreServed() {
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of("for the metrics")))
                .post("/v1/classify")
                .then()
                .statusCode(200);
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "http_server_requests_seconds_bucket{",
                        "uri=\"/v1/classify\"",
                        "polybridge_batch_size_texts_bucket",
                        "polybridge_batch_requests_bucket",
                        "polybridge_batch_queue_texts",
                        "polybridge_batch_in_flight_batches",
                        "polybridge_python_call_seconds_bucket",
                        "polybridge_batch_wait_seconds_bucket",
                        "polybridge_workers_busy",
                        "polybridge_batch_rejected_total");
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/classify/csv"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void concurrentRequestsOnLoopbackEachGetTheirOwnAnswer() throws Exception {
        List<String> texts = Files.readAllLines(TestData.shared("data/sst2-dev.tsv"), StandardCharsets.UTF_8).stream()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf('\t')))
                .limit(400)
                .toList();
        var statuses = new ConcurrentHashMap<Integer, Integer>();
        var wrong = new ArrayList<String>();
        var firstFailure = new AtomicReference<String>();
        try (HttpClient client = HttpClient.newHttpClient();
                var clients = Executors.newFixedThreadPool(16)) {
            var answers = new ArrayList<Future<?>>();
            for (String text : texts) {
                answers.add(clients.submit(() -> {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(base.resolve("/v1/classify"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(textsJson(List.of(text))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    if (response.statusCode() != 200) {
                        firstFailure.compareAndSet(null, response.statusCode() + " " + response.body());
                    }
                    Classification expected = ServiceFakeClassifier.expected(text);
                    if (!response.body().contains("\"label\":\"" + expected.label() + "\"")
                            || !response.body().contains("\"score\":" + expected.score())) {
                        synchronized (wrong) {
                            wrong.add(text + " -> " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> answer : answers) answer.get(90, TimeUnit.SECONDS);
        }
        assertThat(statuses).as("first failure: %s", firstFailure).containsOnlyKeys(200);
        assertThat(wrong).isEmpty();
    }

    private static List<JsonNode> jsonLines(String ndjson) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) records.add(JSON.readTree(line));
        }
        return records;
    }
}
