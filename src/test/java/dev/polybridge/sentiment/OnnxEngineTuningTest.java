package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

class OnnxEngineTuningTest {

    @Test
    void configEntriesGoToTheSessionOptions() throws Exception {
        try (var options = new OrtSession.SessionOptions()) {
            OnnxEngine.applyTuning(options, " session.intra_op.allow_spinning=0, arena=false,memory-pattern=true,");

            assertThat(options.getConfigEntries()).containsEntry("session.intra_op.allow_spinning", "0");
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
}
