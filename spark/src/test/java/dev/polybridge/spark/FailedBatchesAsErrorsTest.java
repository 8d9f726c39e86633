package dev.polybridge.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polybridge.classify.ClassifyJob;
import dev.polybridge.classify.InputRow;
import dev.polybridge.classify.OutputRecord;
import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailedBatchesAsErrorsTest {

    /** Fails every batch that holds "crash", as an engine that throws would. */
    private static final class CrashingClassifier implements TextClassifier {
        @Override
        public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
            if (texts.contains("crash"))
                return CompletableFuture.failedFuture(new IllegalStateException("engine crashed"));
            return CompletableFuture.completedFuture(texts.stream()
                    .map(t -> Classification.of("POSITIVE", 0.9, false))
                    .toList());
        }

        @Override
        public String describe() {
            return "crashing";
        }

        @Override
        public void close() {}
    }

    @Test
    void aFailedBatchIsRetriedTextByTextAndOnlyTheFailingTextGetsAnErrorRecord() throws Exception {
        List<String> texts = List.of("fine", "good", "crash", "nice", "ok", "well", "fair");
        Iterator<InputRow> rows = IntStream.range(0, texts.size())
                .mapToObj(i -> new InputRow(i + 1, 0, "id" + i, texts.get(i), null))
                .iterator();
        FailedBatchesAsErrors classifier = new FailedBatchesAsErrors(new CrashingClassifier());
        List<OutputRecord> records = new ArrayList<>();

        ClassifyJob.Result result = new ClassifyJob(
                        classifier, new ClassifyJob.Settings(2, 4, false, false, 8), false, records::addAll, done -> {})
                .run(() -> rows.hasNext() ? rows.next() : null);

        assertThat(result.outcome()).isEqualTo(ClassifyJob.Outcome.COMPLETED);
        assertThat(records)
                .extracting(OutputRecord::id)
                .containsExactly("id0", "id1", "id2", "id3", "id4", "id5", "id6");
        assertThat(records)
                .filteredOn(OutputRecord::isError)
                .singleElement()
                .satisfies(r -> assertThat(r.error())
                        .isEqualTo("record 3: the classifier failed: IllegalStateException: engine crashed"));
        assertThat(records)
                .filteredOn(r -> !r.isError())
                .hasSize(6)
                .allMatch(r -> r.label().equals("POSITIVE"));
        assertThat(classifier.failedBatches()).isEqualTo(1);
    }
}
