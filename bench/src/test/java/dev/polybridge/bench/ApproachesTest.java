package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApproachesTest {

    private static final Approaches.Toolchain TOOLS =
            Approaches.Toolchain.under(Path.of("/home/pb"), Path.of(".venv/bin/python"));

    private static List<String> names(List<Approach> approaches) {
        return approaches.stream().map(Approach::name).toList();
    }

    @Test
    void theStandardSetRunsMultiprocessingWith8ProcessesAndOnePerCore() {
        assertThat(names(Approaches.standard(TOOLS, 2)))
                .containsExactly(
                        "python-single",
                        "python-single-batched",
                        "python-multiprocessing-8",
                        "python-multiprocessing-2",
                        "python-onnxruntime-fp32",
                        "python-onnxruntime-int8",
                        "polybridge-fp32",
                        "polybridge-int8",
                        "go-metacall",
                        "go-metacall-batched",
                        "go-metacall-workers-1",
                        "go-metacall-workers-8",
                        "polybridge-fp32-workers-1",
                        "polybridge-fp32-workers-8");
        assertThat(names(Approaches.standard(TOOLS, 8)))
                .containsOnlyOnce("python-multiprocessing-8")
                .contains("go-metacall-workers-2")
                .doesNotContain("go-metacall-workers-8");
    }

    @Test
    void theTransformersBaselinesGoMetacallAndTheWorkerVariantsAreSlow() {
        assertThat(Approaches.standard(TOOLS, 2).stream()
                        .filter(approach -> !approach.slow())
                        .map(Approach::name))
                .containsExactly(
                        "python-onnxruntime-fp32", "python-onnxruntime-int8", "polybridge-fp32", "polybridge-int8");
    }

    @Test
    void goMetacallRunsTheSeedsProgramWithItsWorkersAndBatch() {
        List<Approach> standard = Approaches.standard(TOOLS, 2);
        var values = Map.of("model", "/m", "input", "/in.csv", "limit", "16", "output", "/o.jsonl");

        assertThat(Approaches.select(standard, List.of("go-metacall"))
                        .getFirst()
                        .commandFor(values))
                .containsExactly(
                        "/home/pb/build/metacall/bin/metacall-classify",
                        "--model",
                        "/m",
                        "--input",
                        "/in.csv",
                        "--limit",
                        "16",
                        "--output",
                        "/o.jsonl",
                        "--batch-size",
                        "32",
                        "--approach",
                        "go-metacall");
        assertThat(Approaches.select(standard, List.of("go-metacall-batched"))
                        .getFirst()
                        .commandFor(values))
                .endsWith("--approach", "go-metacall-batched", "--pipeline-batch-size", "32");
        assertThat(Approaches.select(standard, List.of("go-metacall-workers-8"))
                        .getFirst()
                        .commandFor(values))
                .endsWith("--workers", "8");
        assertThat(Approaches.select(standard, List.of("polybridge-fp32-workers-1"))
                        .getFirst()
                        .commandFor(values))
                .contains("--workers", "1")
                .contains("--precision", "fp32");
        assertThat(standard.stream().filter(approach -> approach.name().startsWith("go-metacall")))
                .allSatisfy(approach -> assertThat(approach.kind()).isEqualTo(Approach.Kind.GO_METACALL))
                .allSatisfy(approach -> assertThat(approach.precision()).isEqualTo("fp32"));
    }

    @Test
    void commandsGetTheRunsValues() {
        Approach polybridge = Approaches.select(Approaches.standard(TOOLS, 2), List.of("polybridge-int8"))
                .getFirst();

        assertThat(polybridge.commandFor(Map.of(
                        "model", "/m", "input", "/in.csv", "limit", "16", "output", "/o.jsonl", "summary", "/s.json")))
                .containsExactly(
                        "/home/pb/bin/polybridge",
                        "classify",
                        "--input",
                        "/in.csv",
                        "--output",
                        "/o.jsonl",
                        "--limit",
                        "16",
                        "--model",
                        "/m",
                        "--precision",
                        "int8",
                        "--progress",
                        "off",
                        "--workers",
                        "2",
                        "--batch-size",
                        "32",
                        "--summary-json",
                        "/s.json");
        Approach single = Approaches.standard(TOOLS, 2).getFirst();
        assertThat(single.commandFor(Map.of("model", "/m", "input", "/in.csv", "limit", "16", "output", "/o.jsonl")))
                .startsWith("/home/pb/.venv/bin/python", "/home/pb/bench/python/python_single.py");
    }

    @Test
    void selectionKeepsTheStandardOrderAndExpandsMultiprocessing() {
        List<Approach> standard = Approaches.standard(TOOLS, 2);

        assertThat(names(Approaches.select(standard, List.of("polybridge-int8", " python-onnxruntime-fp32"))))
                .containsExactly("python-onnxruntime-fp32", "polybridge-int8");
        assertThat(names(Approaches.select(standard, List.of("python-multiprocessing"))))
                .containsExactly("python-multiprocessing-8", "python-multiprocessing-2");
        assertThat(Approaches.select(standard, null)).isEqualTo(standard);
    }

    @Test
    void theBatchSweepAddsTheFastApproachesAtOtherBatchSizesRunAsOftenAsTheyAreAfterEach() {
        List<Approach> swept = Approaches.withBatchSweep(
                Approaches.select(
                        Approaches.standard(TOOLS, 2),
                        List.of("python-single", "python-onnxruntime-int8", "polybridge-int8")),
                List.of(8, 16, 32));

        assertThat(names(swept))
                .containsExactly(
                        "python-single",
                        "python-onnxruntime-int8",
                        "python-onnxruntime-int8-b8",
                        "python-onnxruntime-int8-b16",
                        "polybridge-int8",
                        "polybridge-int8-b8",
                        "polybridge-int8-b16");
        assertThat(swept.get(2).slow()).isFalse();
        assertThat(swept.get(2).command()).endsWith("--precision", "int8", "--batch-size", "8");
        assertThat(swept.get(5).command()).containsSubsequence("--batch-size", "8", "--summary-json");
        assertThat(Approaches.family("polybridge-int8-b16")).isEqualTo("polybridge-int8");
        assertThat(Approaches.batchOf("polybridge-int8-b16")).isEqualTo(16);
        assertThat(Approaches.batchOf("polybridge-int8")).isEqualTo(Approaches.COMMON_BATCH);
    }

    @Test
    void anUnknownApproachIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Approaches.select(Approaches.standard(TOOLS, 2), List.of("polybridge-fp16")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown approach 'polybridge-fp16'")
                .hasMessageContaining("python-onnxruntime-int8");
    }

    @Test
    void anExternalCommandRunsUnderShWithQuotedValues() {
        Approach go =
                Approaches.external("go-metacall=./metacall-bench -n {limit} -o {output}", List.of("polybridge-fp32"));

        assertThat(go.name()).isEqualTo("go-metacall");
        assertThat(go.kind()).isEqualTo(Approach.Kind.EXTERNAL);
        assertThat(go.precision()).isNull();
        assertThat(go.commandFor(Map.of(
                        "limit", Approaches.shellQuote("16"), "output", Approaches.shellQuote("/tmp/it's.jsonl"))))
                .containsExactly("sh", "-c", "./metacall-bench -n '16' -o '/tmp/it'\\''s.jsonl'");
        assertThat(Approaches.external("a=b=c", List.of()).command()).containsExactly("sh", "-c", "b=c");
    }

    @Test
    void aBadExternalValueSaysWhatIsWrong() {
        assertThatThrownBy(() -> Approaches.external("just-a-command", List.of()))
                .hasMessage("--external 'just-a-command': expected NAME=COMMAND");
        assertThatThrownBy(() -> Approaches.external("=./run", List.of()))
                .hasMessageContaining("NAME must be letters, digits");
        assertThatThrownBy(() -> Approaches.external("go metacall=./run", List.of()))
                .hasMessageContaining("got 'go metacall'");
        assertThatThrownBy(() -> Approaches.external("go=  ", List.of()))
                .hasMessageContaining("the COMMAND after '=' is empty");
        assertThatThrownBy(() -> Approaches.external("polybridge-fp32=./run", List.of("polybridge-fp32")))
                .hasMessageContaining("already used");
    }
}
