package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputAndModelTest {

    @Test
    void invalidItemsFailAloneAndNameTheirIndex() {
        SentimentClassifier classifier = TestModels.classifier(TestModels.TINY, Precision.FP32);
        List<Classification> results = classifier.classify(
                Arrays.asList("a fine wine", null, 42, "", "x\uD800y", "wine ".repeat(10_000), "日本のワイン 🍷"));
        assertThat(results).hasSize(7);
        assertThat(results.get(0).isError()).isFalse();
        assertThat(results.get(1).error()).isEqualTo("item 1: expected str, got NoneType");
        assertThat(results.get(2).error()).isEqualTo("item 2: expected str, got int");
        assertThat(results.get(3).isError())
                .as("empty text is classified, as transformers does")
                .isFalse();
        assertThat(results.get(4).error())
                .isEqualTo("lone surrogate U+D800 at character 2: the text is not valid Unicode");
        assertThat(results.get(5).truncated()).isTrue();
        assertThat(results.get(6).isError()).isFalse();
        assertThat(results.get(0).label()).isIn("NEGATIVE", "POSITIVE");
    }

    @Test
    void resultsComeBackInInputOrderWhateverTheBatchingAndSorting() {
        List<String> texts = Golden.wine().subList(0, 100);
        List<Classification> reference =
                TestModels.classifier(TestModels.TINY, Precision.FP32, 1, false).classify(texts);
        List<Classification> sorted =
                TestModels.classifier(TestModels.TINY, Precision.FP32, 7, true).classify(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(sorted.get(i).label()).isEqualTo(reference.get(i).label());
            assertThat(sorted.get(i).score())
                    .isCloseTo(reference.get(i).score(), org.assertj.core.api.Assertions.within(1e-4));
        }
    }

    @Test
    void classifyAsyncRunsOnTheWorkerPool() throws Exception {
        SentimentClassifier classifier = TestModels.classifier(TestModels.TINY, Precision.INT8);
        assertThat(classifier.classifyAsync(List.of("great", "awful")).get()).hasSize(2);
        assertThat(classifier.describe()).contains("int8").contains("GraalVM CE");
    }

    @Test
    void aMissingModelDirectoryOrFileIsNamedBeforeAnyWork(@TempDir Path temp) throws IOException {
        assertThatThrownBy(() -> open(temp.resolve("nope"), Precision.FP32))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model directory not found")
                .hasMessageContaining("make model");
        Path partial = TestModels.copyOf(TestModels.TINY, temp.resolve("partial"));
        Files.delete(partial.resolve("vocab.txt"));
        assertThatThrownBy(() -> open(partial, Precision.FP32))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("vocab.txt");
        Path noInt8 = TestModels.copyOf(TestModels.TINY, temp.resolve("no-int8"));
        Files.delete(noInt8.resolve("model.int8.ort"));
        assertThatThrownBy(() -> open(noInt8, Precision.INT8))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model.int8.ort");
    }

    @Test
    void aCorruptOnnxFileIsReportedAsSuch(@TempDir Path temp) throws IOException {
        Path corrupt = TestModels.copyOf(TestModels.TINY, temp.resolve("corrupt"));
        byte[] bytes = Files.readAllBytes(corrupt.resolve("model.ort"));
        Files.write(corrupt.resolve("model.ort"), Arrays.copyOf(bytes, bytes.length / 3));
        assertThatThrownBy(() -> open(corrupt, Precision.FP32))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model.ort was changed after make model")
                .hasMessageContaining("bytes, the manifest says")
                .hasMessageContaining("make model MODEL=corrupt");
        Files.delete(corrupt.resolve("manifest.json"));
        assertThatThrownBy(() -> open(corrupt, Precision.FP32))
                .as("without a manifest, ONNX Runtime's own check")
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("cannot load ONNX model")
                .hasMessageContaining("model.ort")
                .hasMessageContaining("make model");
    }

    /** Issue 19: a shuffled vocabulary loaded silently and flipped most labels. */
    @Test
    void aShuffledVocabularyOrAChangedWeightIsRefusedByTheManifestHashes(@TempDir Path temp) throws IOException {
        Path shuffled = TestModels.copyOf(TestModels.TINY, temp.resolve("shuffled"));
        List<String> vocabulary = new java.util.ArrayList<>(Files.readAllLines(shuffled.resolve("vocab.txt")));
        java.util.Collections.shuffle(vocabulary, new java.util.Random(19));
        Files.write(shuffled.resolve("vocab.txt"), vocabulary);
        assertThatThrownBy(() -> open(shuffled, Precision.FP32))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("vocab.txt was changed after make model built the folder (sha256 ")
                .hasMessageContaining("the manifest says")
                .hasMessageContaining("make model MODEL=shuffled");

        Path flipped = TestModels.copyOf(TestModels.TINY, temp.resolve("flipped"));
        byte[] weights = Files.readAllBytes(flipped.resolve("model.int8.ort"));
        weights[weights.length / 2] ^= 0x40;
        Files.write(flipped.resolve("model.int8.ort"), weights);
        assertThatThrownBy(() -> open(flipped, Precision.INT8))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model.int8.ort was changed after make model built the folder (sha256 ");
        assertThat(open(flipped, Precision.FP32).classify(List.of("the fp32 file is intact")))
                .hasSize(1);
    }

    @Test
    void anUnreadableOrUnsupportedConfigurationIsNamed(@TempDir Path temp) throws IOException {
        Path broken = TestModels.copyOf(TestModels.TINY, temp.resolve("broken"));
        Files.delete(broken.resolve("manifest.json"));
        Files.writeString(broken.resolve("tokenizer_config.json"), "{\n  \"do_lower_case\": tru\n}");
        assertThatThrownBy(() -> open(broken, Precision.FP32))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("tokenizer_config.json is not a JSON object as make model writes it (line 2: ")
                .hasMessageContaining("make model MODEL=broken");

        Files.writeString(broken.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertThatThrownBy(() -> open(broken, Precision.FP32))
                .as("the Java host parses it; the pipeline still judges it")
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("do_lower_case=false is not supported");
    }

    private static SentimentClassifier open(Path dir, Precision precision) {
        return SentimentClassifier.open(
                dev.polybridge.bridge.TestBridge.polybridge(), new SentimentOptions(dir, precision, 8, 32, true, 0));
    }
}
