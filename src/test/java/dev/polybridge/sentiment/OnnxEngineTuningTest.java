package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxEngineTuningTest {

    @Test
    void configEntriesGoToTheSessionOptionsAndRunEntriesToTheRunOptions() throws Exception {
        try (var options = new OrtSession.SessionOptions()) {
            Map<String, String> runEntries = OnnxEngine.applyTuning(
                    options,
                    " session.intra_op.allow_spinning=0, memory-pattern=true,run.disable_synchronize_execution_providers=1,");

            assertThat(options.getConfigEntries())
                    .containsEntry("session.intra_op.allow_spinning", "0")
                    .doesNotContainKey("disable_synchronize_execution_providers");
            assertThat(runEntries).containsExactly(Map.entry("disable_synchronize_execution_providers", "1"));
        }
    }

    @Test
    void theArenaKeepsItsRegionsUnlessAskedToShrinkAfterEveryRun() throws Exception {
        try (var options = new OrtSession.SessionOptions()) {
            assertThat(OnnxEngine.applyTuning(options, "")).isEmpty();
            assertThat(OnnxEngine.applyTuning(options, "run.memory.enable_memory_arena_shrinkage=cpu:0"))
                    .containsExactly(Map.entry(OnnxEngine.ARENA_SHRINKAGE, "cpu:0"));
            assertThat(OnnxEngine.applyTuning(options, "run.memory.enable_memory_arena_shrinkage="))
                    .isEmpty();
        }
    }

    @Test
    void aMalformedItemOrABadSwitchValueIsNamed() throws Exception {
        try (var options = new OrtSession.SessionOptions()) {
            assertThatThrownBy(() -> OnnxEngine.applyTuning(options, "arena"))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("-Dpolybridge.onnx.tuning: expected key=value, got 'arena'");
            assertThatThrownBy(() -> OnnxEngine.applyTuning(options, "memory-pattern=off"))
                    .isInstanceOf(ModelException.class)
                    .hasMessage("-Dpolybridge.onnx.tuning: memory-pattern takes true or false, got 'off'");
        }
    }

    @Test
    void glibcTakesTheFixedMmapThreshold() {
        assertThat(MallocMmapThreshold.fix()).isTrue();
    }
}
