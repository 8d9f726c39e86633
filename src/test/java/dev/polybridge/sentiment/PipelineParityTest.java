package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GraalPy pipeline + Java ONNX Runtime against the real transformers pipeline on CPython. */
class PipelineParityTest {

    @Test
    void tinyModelLogitsLabelsAndScoresMatchTransformers() {
        assertMatchesTransformers(TestModels.TINY, Golden.read("tiny-distilbert-random.jsonl.gz"));
    }

    @Test
    void offlineSst2ModelMatchesTransformersOnWineAndSst2Dev() {
        assertMatchesTransformers(TestModels.SST2, Golden.read("sst2-minilm-distilbert-v2.jsonl.gz"));
    }

    private static void assertMatchesTransformers(String model, Golden.File golden) {
        SentimentClassifier classifier = TestModels.classifier(model, Precision.FP32);
        List<String> texts = golden.rows().stream().map(Golden::text).toList();
        List<List<Double>> logits = classifier.logits(texts);
        List<Classification> results = classifier.classify(texts);
        double maxDiff = 0;
        var labelMismatches = new ArrayList<String>();
        for (int i = 0; i < texts.size(); i++) {
            Golden.Row row = golden.rows().get(i);
            for (int j = 0; j < logits.get(i).size(); j++) {
                maxDiff = Math.max(
                        maxDiff,
                        Math.abs(logits.get(i).get(j)
                                - row.json().get("logits").get(j).asDouble()));
            }
            Classification ours = results.get(i);
            if (!row.json().get("label").asText().equals(ours.label())) {
                labelMismatches.add(row.set() + " #" + row.index() + ": " + ours + " vs "
                        + row.json().get("label"));
            }
            assertThat(ours.score())
                    .as("%s #%d score", row.set(), row.index())
                    .isCloseTo(row.json().get("score").asDouble(), within(1e-4));
        }
        assertThat(maxDiff).as("largest |logit - transformers logit|").isLessThan(1e-4);
        assertThat(labelMismatches).isEmpty();
    }
}
