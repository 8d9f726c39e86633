package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sorting by length tokenizes each text once: {@code lengths} keeps the encodings its classification uses. */
class KeptEncodingsTest {
    private static final List<String> TEXTS = List.of(
            "Crisp apple, wet stone.",
            "",
            "wine ".repeat(10_000),
            "vin rosé 🍷 白葡萄酒",
            "\uD800",
            "Crisp apple, wet stone.",
            "Tannic, long, dark fruit.");

    /** Its own batch size, so its own pipeline: other tests' kept encodings do not show here. */
    private static SentimentClassifier classifier(int batchSize) {
        return TestModels.classifier(TestModels.TINY, Precision.FP32, batchSize, true);
    }

    @Test
    void classifyingAfterLengthsGivesWhatClassifyingAloneGives() {
        List<Classification> alone = classifier(5).classify(TEXTS);
        SentimentClassifier classifier = classifier(7);
        classifier.lengths(TEXTS);
        assertThat(keptEncodings(classifier)).as("one per distinct valid text").isEqualTo(5);
        List<Classification> afterLengths = classifier.classify(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            Classification expected = alone.get(i);
            assertThat(afterLengths.get(i))
                    .as("text %d", i)
                    .returns(expected.label(), Classification::label)
                    .returns(expected.truncated(), Classification::truncated)
                    .returns(expected.error(), Classification::error);
            assertThat(afterLengths.get(i).score())
                    .as("text %d score (batches pad differently)", i)
                    .isCloseTo(expected.score(), within(1e-5));
        }
        assertThat(keptEncodings(classifier)).as("all used").isZero();
        assertThat(alone.get(2).truncated()).isTrue();
        assertThat(alone.get(4).isError()).isTrue();
    }

    @Test
    void keptEncodingsAreBounded() {
        SentimentClassifier classifier = classifier(11);
        List<String> many =
                IntStream.range(0, 9_000).mapToObj(i -> "review number " + i).toList();
        classifier.lengths(many);
        assertThat(keptEncodings(classifier)).isBetween(1, 8192);
        assertThat(classifier.classify(many.subList(0, 20)))
                .allSatisfy(c -> assertThat(c.isError()).isFalse());
    }

    private static int keptEncodings(SentimentClassifier classifier) {
        return ((Number) classifier.statistics().get("kept_encodings")).intValue();
    }
}
