package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelAgreementTest {

    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    @Test
    void comparesPythonIndexedLinesWithClassifysRecordsInInputOrder() throws IOException {
        Path python = file(
                "python.jsonl",
                "{\"index\": 1, \"label\": \"NEGATIVE\", \"score\": 0.7}",
                "{\"index\": 0, \"label\": \"POSITIVE\", \"score\": 0.9}",
                "{\"index\": 2, \"label\": \"POSITIVE\", \"score\": 0.500001}");
        Path classify = file(
                "classify.jsonl",
                "{\"id\":\"0\",\"line\":2,\"label\":\"POSITIVE\",\"score\":0.899999,\"truncated\":false,\"error\":null}",
                "{\"id\":\"1\",\"line\":3,\"label\":\"NEGATIVE\",\"score\":0.7,\"truncated\":false,\"error\":null}",
                "",
                "{\"id\":\"2\",\"line\":4,\"label\":\"NEGATIVE\",\"score\":0.500001,\"truncated\":false,\"error\":null}");

        ObjectNode report = LabelAgreement.compare(LabelAgreement.read(python), LabelAgreement.read(classify));

        assertThat(report.path("compared").asInt()).isEqualTo(3);
        assertThat(report.path("agree").asInt()).isEqualTo(2);
        assertThat(report.path("disagree").asInt()).isEqualTo(1);
        assertThat(report.path("missing").asInt()).isZero();
        assertThat(report.path("max_score_difference_when_agreeing").asDouble())
                .isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.path("first_disagreements").get(0).path("index").asInt())
                .isEqualTo(2);
    }

    @Test
    void anErrorRecordCountsAsMissingNotAsAgreement() throws IOException {
        Path reference = file(
                "ref.jsonl", "{\"index\":0,\"label\":\"A\",\"score\":1}", "{\"index\":1,\"label\":\"A\",\"score\":1}");
        Path other = file(
                "other.jsonl",
                "{\"id\":\"0\",\"line\":2,\"label\":\"A\",\"score\":1.0,\"truncated\":false,\"error\":null}",
                "{\"id\":\"1\",\"line\":3,\"label\":null,\"score\":null,\"truncated\":false,\"error\":\"line 3: empty text\"}");

        ObjectNode report = LabelAgreement.compare(LabelAgreement.read(reference), LabelAgreement.read(other));

        assertThat(report.path("agree").asInt()).isEqualTo(1);
        assertThat(report.path("missing").asInt()).isEqualTo(1);
        assertThat(CompareBenchmark.verdict(fp32(), report)).isEqualTo("FAIL");
    }

    @Test
    void verdictsAreStrictForFp32AndCountedForInt8() {
        JsonNode differs = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("disagree", 3)
                .put("missing", 0)
                .put("extra", 0);
        JsonNode same = new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("disagree", 0)
                .put("missing", 0)
                .put("extra", 0);

        assertThat(CompareBenchmark.verdict(fp32(), differs)).isEqualTo("FAIL");
        assertThat(CompareBenchmark.verdict(int8(), differs)).isEqualTo("int8 differs");
        assertThat(CompareBenchmark.verdict(int8(), same)).isEqualTo("agree");
        assertThat(CompareBenchmark.verdict(Approaches.external("x=./x", List.of()), differs))
                .isEqualTo("differs");
    }

    @Test
    void aMalformedOrRepeatedRowIsNamedByFileAndLine() throws IOException {
        Path broken = file("broken.jsonl", "{\"index\":0,\"label\":\"A\",\"score\":1}", "{not json");
        Path repeated = file(
                "repeated.jsonl",
                "{\"index\":0,\"label\":\"A\",\"score\":1}",
                "{\"index\":0,\"label\":\"B\",\"score\":1}");

        assertThatThrownBy(() -> LabelAgreement.read(broken)).hasMessageContaining("broken.jsonl:2: not JSON");
        assertThatThrownBy(() -> LabelAgreement.read(repeated))
                .hasMessageContaining("repeated.jsonl:2: index 0 appears twice");
    }

    private static Approach fp32() {
        return new Approach("polybridge-fp32", Approach.Kind.POLYBRIDGE, "fp32", List.of(), false, "", 0);
    }

    private static Approach int8() {
        return new Approach("polybridge-int8", Approach.Kind.POLYBRIDGE, "int8", List.of(), false, "", 0);
    }
}
