package dev.polybridge.api;

import static dev.polybridge.api.ServiceTestSupport.await;
import static dev.polybridge.api.ServiceTestSupport.rawExchange;
import static dev.polybridge.api.ServiceTestSupport.textsJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.polybridge.classify.TestData;
import dev.polybridge.sentiment.SentimentOptions;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, the defects a new user or an attacker found, with the default settings: bodies of another type, foreign
 * Host headers, CORS, query parameters that do not parse, invalid UTF-8, paths in messages, and the smaller ones.
 * Shares ServiceApiTest's profile, so the same application serves both.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class BadInputApiTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassificationService service;

    @BeforeEach
    void ready() throws InterruptedException {
        await("model ready", () -> service.state() == ClassificationService.State.READY);
    }

    private static byte[] housing() throws IOException {
        return Files.readAllBytes(TestData.shared("data/boston-housing.csv"));
    }

    @Test
    void bodiesMustComeAsTextCsvOrJsonWhichNoPageCanSendAcrossSitesUnasked() throws IOException, InterruptedException {
        for (String type : List.of(
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream")) {
            for (String path : List.of("/v1/regression/fit", "/v1/classify/csv")) {
                HttpResponse<String> response = ServiceTestSupport.HTTP.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", type)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(housing()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(type).isEqualTo(415);
                assertThat(response.body())
                        .isEqualTo("{\"error\":\"" + path + " takes a body of Content-Type text/csv, this one is '"
                                + type + "'\",\"field\":\"Content-Type\"}");
            }
        }
        String noType = "POST /v1/regression/fit HTTP/1.1\r\nHost: localhost\r\nContent-Length: 6\r\n\r\n";
        assertThat(rawExchange(base, noType, "a,b\n1,".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("HTTP/1.1 415")
                .contains("this one is without a Content-Type");
        given().contentType(ContentType.TEXT)
                .body("{\"texts\": [\"a\"]}")
                .post("/v1/classify")
                .then()
                .statusCode(415)
                .body("error", containsString("takes a body of Content-Type application/json"));
        given().contentType("text/csv; charset=utf-8")
                .body(housing())
                .post("/v1/regression/fit")
                .then()
                .statusCode(200);
    }

    @Test
    void aHostHeaderTheServiceIsNotKnownByIs421() throws IOException {
        given().header("Host", "attacker.example")
                .get("/v1/info")
                .then()
                .statusCode(421)
                .body("field", equalTo("Host"))
                .body("error", containsString("Host 'attacker.example' is not a name this service answers to"))
                .body("error", containsString("polybridge.http.allowed-hosts"));
        given().header("Host", "attacker.example:8080")
                .contentType("text/csv")
                .body(housing())
                .post("/v1/regression/fit")
                .then()
                .statusCode(421);
        for (String host : List.of("localhost", "LOCALHOST:1234", "127.0.0.1:80", "[::1]:8080")) {
            given().header("Host", host).get("/v1/info").then().statusCode(200);
        }
        assertThat(rawExchange(base, "GET /v1/info HTTP/1.0\r\n\r\n", new byte[0]))
                .startsWith("HTTP/1.0 400")
                .contains("no Host header");
    }

    @Test
    void anHttp2ClientIsKnownByItsAuthority() throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            for (int attempt = 0; attempt < 2; attempt++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(base.resolve("/v1/info")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode())
                        .as(response.version() + " " + response.body())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void corsIsOffUnlessConfigured() {
        var preflight = given().header("Origin", "https://attacker.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/v1/regression/fit")
                .then()
                .extract();
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
        given().header("Origin", "https://attacker.example")
                .get("/v1/info")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void queryParametersThatDoNotParseAre400NamingTheParameter() throws IOException {
        String before = given().get("/v1/regression/model")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String[] bad : List.of(
                new String[] {"test_fraction", "abc", "test_fraction must be a decimal number, got 'abc'"},
                new String[] {"test_fraction", "1.5", "test_fraction must be > 0 and < 1, got 1.5"},
                new String[] {"seed", "abc", "seed must be a whole number"},
                new String[] {
                    "seed",
                    "99999999999999999999",
                    "seed must be a whole number from -9223372036854775808 to 9223372036854775807"
                },
                new String[] {"intercept", "maybe", "intercept must be true or false, got 'maybe'"})) {
            given().contentType("text/csv")
                    .queryParam(bad[0], bad[1])
                    .body(housing())
                    .post("/v1/regression/fit")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo(bad[0]))
                    .body("error", containsString(bad[2]));
        }
        given().get("/v1/regression/model").then().statusCode(200).body(equalTo(before));
        given().contentType("text/csv")
                .queryParam("include_text", "maybe")
                .body("id,description\n1,hello\n")
                .post("/v1/classify/csv")
                .then()
                .statusCode(400)
                .body("field", equalTo("include_text"))
                .body("error", equalTo("include_text must be true or false, got 'maybe'"));
        given().contentType("text/csv")
                .queryParam("offset", "-1")
                .body("id,description\n1,hello\n")
                .post("/v1/classify/csv")
                .then()
                .statusCode(400)
                .body("field", equalTo("offset"));
    }

    @Test
    void invalidUtf8InAFitUploadIs400NamingTheLineAndByteWithoutAServerPath() throws IOException {
        byte[] csv = housing();
        int line3 = 0;
        for (int i = 0, newlines = 0; i < csv.length; i++) {
            if (csv[i] == '\n' && ++newlines == 2) {
                line3 = i + 1;
                break;
            }
        }
        csv[line3 + 4] = (byte) 0xE9;
        given().contentType("text/csv")
                .body(csv)
                .post("/v1/regression/fit")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"))
                .body(
                        "error",
                        equalTo("upload.csv: not valid UTF-8 (byte 0xE9 at byte 5 of line 3); save the file as UTF-8"));
    }

    @Test
    void infoNamesTheModelWithoutItsPath() {
        given().get("/v1/info")
                .then()
                .statusCode(200)
                .body("model.name", equalTo(SentimentOptions.DEFAULT_MODEL))
                .body("model.dir", nullValue())
                .body(not(containsString(System.getProperty("user.dir"))));
    }

    @Test
    void clientMessagesLoseTheServersFilePaths() {
        assertThat(ClientText.withoutPaths("cannot read /tmp/polybridge-fit-123/upload.csv: Input length = 1"))
                .isEqualTo("cannot read upload.csv: Input length = 1");
        assertThat(ClientText.withoutPaths(
                        "model directory not found: /srv/pb/models/nope (prepare one with: make model MODEL=nope)"))
                .isEqualTo("model directory not found: nope (prepare one with: make model MODEL=nope)");
        assertThat(ClientText.withoutPaths("No such file or directory: '/home/u/models/x/vocab.txt'"))
                .isEqualTo("No such file or directory: 'vocab.txt'");
        assertThat(ClientText.withoutPaths("POST a CSV to /v1/regression/fit, see /q/health/ready; 3/4 of a/b"))
                .isEqualTo("POST a CSV to /v1/regression/fit, see /q/health/ready; 3/4 of a/b");
    }

    @Test
    void theSmallerOnes() {
        given().contentType("text/csv")
                .body("")
                .post("/v1/classify/csv")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("error", containsString("is empty"));
        given().contentType("text/csv")
                .body("a,b,a\n1,2,3\n")
                .post("/v1/regression/fit")
                .then()
                .statusCode(400)
                .body(
                        "error",
                        equalTo(
                                "upload.csv: bad header row: The header contains a duplicate name: \"a\" in [a, b, a]; rename one of them"));
        String emoji = "🍷".repeat(20_000);
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of(emoji)))
                .post("/v1/classify")
                .then()
                .statusCode(200)
                .body("results[0].label", not(nullValue()));
        given().contentType(ContentType.JSON)
                .body(textsJson(List.of(emoji + "🍷")))
                .post("/v1/classify")
                .then()
                .statusCode(413)
                .body(
                        "error",
                        equalTo("text has 20001 characters; the limit is 20000 (polybridge.limits.max-text-chars)"));
        String huge = "[1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308]";
        given().contentType(ContentType.JSON)
                .body("{\"rows\": [[1,2,3,4,5,6,7,8,9,10,11,12], " + huge + "]}")
                .post("/v1/regression/predict")
                .then()
                .statusCode(400)
                .body("field", equalTo("rows[1]"))
                .body("error", containsString("overflows a double"))
                .body(not(containsString("Infinity")));
    }
}
