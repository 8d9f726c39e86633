package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pure-Python tokenizer, running in GraalPy, against Hugging Face `tokenizers` ids: every wine description,
 * every SST-2 dev sentence, the committed nasty strings and 2000 random fuzz strings.
 */
class TokenizerParityTest {

    @Test
    void idsAreIdenticalToHuggingFaceTokenizersOnEveryGoldenText() {
        SentimentClassifier classifier = TestModels.classifier(TestModels.TINY, Precision.FP32);
        Golden.File golden = Golden.read("tokens.jsonl.gz");
        var texts = new ArrayList<String>();
        for (Golden.Row row : golden.rows()) {
            String text = Golden.text(row);
            if (row.json().has("sha256")) { // the lone-surrogate text has no UTF-8, so no hash
                assertThat(Golden.shortHash(text))
                        .as("%s #%d was read as the golden's text", row.set(), row.index())
                        .isEqualTo(row.json().get("sha256").asText());
            }
            texts.add(text);
        }
        List<Map<String, Object>> tokenized = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += 1000) {
            tokenized.addAll(classifier.tokenize(texts.subList(start, Math.min(texts.size(), start + 1000))));
        }
        var mismatches = new ArrayList<String>();
        var counts = new java.util.TreeMap<String, Integer>();
        for (int i = 0; i < golden.rows().size(); i++) {
            Golden.Row row = golden.rows().get(i);
            Map<String, Object> ours = tokenized.get(i);
            counts.merge(row.set(), 1, Integer::sum);
            if (row.json().has("error")) {
                if (!ours.containsKey("error")) mismatches.add(row.set() + " #" + row.index() + ": expected an error");
                continue;
            }
            List<Long> expected = new ArrayList<>();
            row.json().get("ids").forEach(id -> expected.add(id.asLong()));
            if (!expected.equals(ours.get("ids"))
                    || row.json().get("truncated").asBoolean() != (Boolean) ours.get("truncated")) {
                mismatches.add(row.set() + " #" + row.index() + ": expected " + expected + " got " + ours);
            }
        }
        assertThat(mismatches).as("token id mismatches").isEmpty();
        assertThat(counts)
                .containsEntry("wine", 10_001)
                .containsEntry("sst2-dev", 872)
                .containsEntry("nasty", Golden.nasty().size())
                .containsEntry("fuzz", 2000);
    }

    @Test
    void longTextIsTruncatedToTheModelMaximum() {
        SentimentClassifier classifier = TestModels.classifier(TestModels.TINY, Precision.FP32);
        String tenThousandWords = "wine ".repeat(10_000);
        Map<String, Object> result =
                classifier.tokenize(List.of(tenThousandWords)).getFirst();
        assertThat((List<?>) result.get("ids")).hasSize(512);
        assertThat(result.get("truncated")).isEqualTo(true);
    }

    @Test
    void lengthsAreTokenCountsAfterTruncationAndZeroForInvalidText() {
        SentimentClassifier classifier = TestModels.classifier(TestModels.TINY, Precision.FP32);
        List<String> texts =
                List.of("", "Crisp apple, wet stone.", "wine ".repeat(10_000), "vin rosé 🍷 白葡萄酒", "\uD800");
        List<Map<String, Object>> tokenized = classifier.tokenize(texts);
        int[] expected = tokenized.stream()
                .mapToInt(t -> t.containsKey("ids") ? ((List<?>) t.get("ids")).size() : 0)
                .toArray();
        assertThat(classifier.lengths(texts)).containsExactly(expected);
        assertThat(expected[0]).as("the empty text is [CLS] [SEP]").isEqualTo(2);
        assertThat(expected[2]).isEqualTo(512);
    }
}
