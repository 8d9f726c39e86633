package dev.polybridge.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Accuracy on the 872 GLUE SST-2 dev sentences with the offline sentiment model, fp32 and int8. */
class Sst2AccuracyTest {

    @Test
    void fp32EqualsTransformersAndInt8IsWithinOnePoint() {
        double transformers = Golden.read("sst2-minilm-distilbert.jsonl.gz").header().get("sst2_dev_accuracy")
                .get("transformers_fp32").asDouble();
        double fp32 = accuracy(Precision.FP32);
        double int8 = accuracy(Precision.INT8);
        System.out.printf("SST-2 dev accuracy (872 sentences, sst2-minilm-distilbert): transformers fp32 %.4f, "
                + "polybridge fp32 %.4f, polybridge int8 %.4f%n", transformers, fp32, int8);
        assertThat(fp32).as("equal to the 4 decimals the golden keeps").isCloseTo(transformers, within(5e-5));
        assertThat(Math.abs(int8 - fp32)).as("int8 - fp32 accuracy").isLessThanOrEqualTo(0.01);
    }

    private static double accuracy(Precision precision) {
        List<Classification> results = TestModels.classifier(TestModels.SST2, precision).classify(Golden.sst2Dev());
        List<Integer> gold = Golden.sst2DevLabels();
        int correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            if (results.get(i).label().equals(gold.get(i) == 1 ? "POSITIVE" : "NEGATIVE")) correct++;
        }
        return correct / (double) gold.size();
    }
}
