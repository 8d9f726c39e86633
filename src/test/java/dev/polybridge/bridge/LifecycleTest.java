package dev.polybridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polybridge.Polybridge;
import dev.polybridge.sentiment.ModelException;
import dev.polybridge.sentiment.Precision;
import dev.polybridge.sentiment.SentimentClassifier;
import dev.polybridge.sentiment.SentimentOptions;
import dev.polybridge.sentiment.TestModels;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    private static final int BETWEEN_MIB = 640;

    @Test
    void eachPolybridgeOwnsItsContextAndClosingOneLeavesTheOthers() {
        PythonBridge shared = TestBridge.get();
        try (Polybridge other = Polybridge.open(TestBridge.CONFIG.withWorkers(3))) {
            other.bridge().load("bridge_fixtures");
            assertThat(other.bridge()).isNotSameAs(shared);
            assertThat(other.bridge().call("add", 2, 3)).isEqualTo(5L);
            assertThat(other.memory().phases())
                    .extracting(phase -> phase.phase())
                    .containsExactly("python context (GraalPy)");
        }
        assertThat(shared.isOpen()).isTrue();
        assertThat(shared.call("add", 1, 2)).isEqualTo(3L);
    }

    @Test
    void aContextStartedAheadGetsTheEntryThreadsAndWorkersOfTheBridgeThatOpensIt() throws Exception {
        PythonBridge.Starting starting = PythonBridge.start(TestBridge.CONFIG.withEntryThreads(1));
        BridgeConfig wider = TestBridge.CONFIG.withEntryThreads(2).withWorkers(3);
        assertThat(starting.fits(wider)).isTrue();
        assertThat(starting.fits(TestBridge.CONFIG.withPythonPath(List.of()))).isFalse();
        try (PythonBridge bridge = starting.open(wider)) {
            assertThatThrownBy(() -> starting.open(wider))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("opened or abandoned already");
            starting.abandon();
            bridge.load("bridge_fixtures");
            assertThat(bridge.config()).isEqualTo(wider);
            List<CompletableFuture<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) calls.add(bridge.submitCall("add", i, 1));
            assertThat(calls.stream().map(CompletableFuture::join).toList()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void aContextStartedAheadIsRefusedToABridgeWithAnotherPythonPathAndCanBeAbandoned() {
        PythonBridge.Starting starting = PythonBridge.start(TestBridge.CONFIG);
        assertThatThrownBy(() -> starting.open(TestBridge.CONFIG.withPythonPath(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Python path");
        starting.abandon();
    }

    /**
     * The open that takes a context started ahead counts its memory from the start ahead, so a block written in
     * between lands in its phase; the context alone adds far less than the block. The block is native memory, freed
     * at the end: a heap that grew by it would shrink in later tests' collections and upset their figures.
     */
    @Test
    void anOpenThatFitsTakesTheContextStartedAheadAndOneThatDoesNotStartsItsOwn() {
        Polybridge.startAhead(TestBridge.CONFIG);
        try (Arena between = Arena.ofConfined()) {
            between.allocate((long) BETWEEN_MIB << 20).fill((byte) 1);
            assertTheOpenTookIt();
        }
        Polybridge.startAhead(TestBridge.CONFIG);
        try (Polybridge other = Polybridge.open(TestBridge.CONFIG.withPythonPath(List.of()), false)) {
            assertThat(other.bridge().pythonPath()).hasSize(1);
        }
        Polybridge.abandonStartedAhead();
    }

    private static void assertTheOpenTookIt() {
        try (Polybridge fitting = Polybridge.open(TestBridge.CONFIG.withWorkers(3), false)) {
            fitting.bridge().load("bridge_fixtures");
            assertThat(fitting.bridge().call("add", 2, 3)).isEqualTo(5L);
            assertThat(fitting.memory().phases())
                    .extracting(phase -> phase.phase())
                    .containsExactly("python context (GraalPy)");
            assertThat(fitting.memory().phases().getFirst().added().rssBytes())
                    .isGreaterThan((BETWEEN_MIB - 50L) << 20);
        }
    }

    @Test
    void classifiersOfOneModelFileShareItsSessionAndItsLoadIsMeasuredOnce() {
        try (Polybridge polybridge = Polybridge.open(TestBridge.CONFIG.withEntryThreads(2))) {
            Path tiny = TestModels.dir(TestModels.TINY);
            SentimentClassifier first =
                    SentimentClassifier.open(polybridge, new SentimentOptions(tiny, Precision.FP32, 2, 8, true, 1));
            SentimentClassifier second =
                    SentimentClassifier.open(polybridge, new SentimentOptions(tiny, Precision.FP32, 2, 32, false, 1));

            assertThat(second.engine()).isSameAs(first.engine());
            assertThat(polybridge.memory().phases())
                    .extracting(phase -> phase.phase())
                    .containsExactly(
                            "python context (GraalPy)",
                            "model (ONNX Runtime session, model.ort, and the pipeline with its tokenizer)");
            assertThat(second.classify(List.of("a fine wine"))).hasSize(1);
        }
    }

    @Test
    void aClassifierWithItsOwnPolybridgeCreatesTheSessionBesideTheContextAndThePipelineAndMeasuresThemAsOne(
            @TempDir Path temp) throws IOException {
        Path tiny = TestModels.dir(TestModels.TINY);
        SentimentOptions options = new SentimentOptions(tiny, Precision.FP32, 2, 8, true, 1);
        SentimentClassifier first =
                SentimentClassifier.openWithItsPolybridge(TestBridge.CONFIG.withEntryThreads(2), options, false);
        try (Polybridge polybridge = first.polybridge()) {
            SentimentClassifier second = SentimentClassifier.open(polybridge, options);
            assertThat(second.engine()).isSameAs(first.engine());
            assertThat(polybridge.memory().phases())
                    .extracting(phase -> phase.phase())
                    .containsExactly("python context (GraalPy) and the pipeline with its tokenizer for "
                            + TestModels.TINY + ", and beside them the ONNX Runtime session for model.ort");
            assertThat(first.classify(List.of("a fine wine", ""))).hasSize(2);
        }

        Path flipped = TestModels.copyOf(TestModels.TINY, temp.resolve("flipped"));
        byte[] weights = Files.readAllBytes(flipped.resolve("model.ort"));
        weights[weights.length / 2] ^= 0x40;
        Files.write(flipped.resolve("model.ort"), weights);
        assertThatThrownBy(() -> SentimentClassifier.openWithItsPolybridge(
                        TestBridge.CONFIG, new SentimentOptions(flipped, Precision.FP32, 2, 8, true, 1), false))
                .as("the file's check fails beside the context, which is closed again")
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model.ort was changed after make model built the folder");

        Path unsupported = TestModels.copyOf(TestModels.TINY, temp.resolve("unsupported"));
        Files.delete(unsupported.resolve("manifest.json"));
        Files.writeString(unsupported.resolve("tokenizer_config.json"), "{\"do_lower_case\": false}");
        assertThatThrownBy(() -> SentimentClassifier.openWithItsPolybridge(
                        TestBridge.CONFIG, new SentimentOptions(unsupported, Precision.FP32, 2, 8, true, 1), false))
                .as("the pipeline refuses the tokenizer in the context's start; the session beside it is closed")
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("do_lower_case=false is not supported");
    }

    @Test
    void aSubmittedCallTimesOut() {
        PythonBridge bridge = TestBridge.with(TestBridge.CONFIG.withCallTimeout(Duration.ofMillis(200)));
        CompletableFuture<Object> slow = bridge.submitCall("py_sleep", 2.0);
        assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CallTimeoutException.class);
        TestBridge.get();
    }

    @Test
    void shutdownWithWorkInFlightDrainsAcceptedWorkThenRefusesMore() throws Exception {
        PythonBridge bridge = TestBridge.get();
        var inFlight = new ArrayList<CompletableFuture<Object>>();
        for (int i = 0; i < 16; i++) {
            inFlight.add(bridge.submitCall("py_sleep", 0.02));
        }
        bridge.close();
        for (var call : inFlight) {
            assertThat(call).isCompleted();
            assertThat(call.get()).as("it ran to its end and returned").isEqualTo(0.02);
        }
        assertThat(bridge.isOpen()).isFalse();
        assertThatThrownBy(() -> bridge.call("add", 1, 2)).isInstanceOf(BridgeClosedException.class);
        assertThatThrownBy(() -> bridge.submitCall("add", 1, 2)).isInstanceOf(BridgeClosedException.class);
        assertThat(TestBridge.get().call("add", 1, 2))
                .as("a new context can start after close")
                .isEqualTo(3L);
    }
}
