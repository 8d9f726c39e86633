package dev.polybridge.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polybridge.sentiment.Classification;
import dev.polybridge.sentiment.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ClassifyJobWindowsTest {

    /** The first window is sorted (tokenized) before any batch starts, so it is kept small for the first records. */
    @Test
    void windowsStartAtOneBatchPerWorkerAndGrowFourfoldToTheFullSize() throws InterruptedException {
        var sorted = new ArrayList<Integer>();
        var written = new ArrayList<OutputRecord>();
        TextClassifier classifier = new TextClassifier() {
            private final FakeClassifier fake = new FakeClassifier();

            @Override
            public CompletableFuture<List<Classification>> classifyAsync(List<String> texts) {
                return fake.classifyAsync(texts);
            }

            @Override
            public synchronized int[] lengths(List<String> texts) {
                sorted.add(texts.size());
                return TextClassifier.super.lengths(texts);
            }

            @Override
            public String describe() {
                return "records the window sizes";
            }

            @Override
            public void close() {
                fake.close();
            }
        };
        long[] next = {0};
        RowSource rows = () -> next[0] < 3000
                ? InputRow.ok(++next[0], next[0] + 1, "", "text " + "x".repeat((int) (next[0] % 17)))
                : null;
        var settings = new ClassifyJob.Settings(2, 8, true, false, ClassifyJob.FILE_WINDOW_ROWS);

        ClassifyJob.Result result = new ClassifyJob(classifier, settings, false, written::addAll, done -> {}).run(rows);

        assertThat(result.outcome()).isEqualTo(ClassifyJob.Outcome.COMPLETED);
        assertThat(sorted).containsExactly(16, 64, 256, 1024, 1024, 616);
        assertThat(written)
                .as("records in input order, whatever the window")
                .extracting(OutputRecord::line)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(2, 3001).boxed().toList());
    }
}
