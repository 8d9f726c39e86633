package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode run(String approach, int repetition, double itemsPerS, double gflops) {
        var run = JSON.createObjectNode()
                .put("approach", approach)
                .put("repetition", repetition)
                .put("ok", true)
                .put("wall_s", 10.0)
                .put("peak_pss_bytes", 700_000_000L)
                .put("peak_rss_bytes", 710_000_000L)
                .put("cpu_util", 1.5);
        run.putObject("figures").put("items_per_s", itemsPerS).put("classify_s", 1000 / itemsPerS);
        run.putObject("flops").put("achieved_gflop_per_s", gflops);
        return run;
    }

    private static Approach approach(String name, String precision) {
        return new Approach(name, Approach.Kind.PYTHON, precision, List.of(), false, "", 0);
    }

    @Test
    void medianFiguresRatiosToPythonSingleAndPairRatiosPerRepetition() {
        ArrayNode runs = JSON.createArrayNode()
                .add(run("python-single", 1, 4, 20))
                .add(run("polybridge-fp32", 1, 60, 100))
                .add(run("polybridge-fp32", 2, 66, 110))
                .add(run("polybridge-fp32", 3, 63, 105))
                .add(run("polybridge-int8", 1, 150, 300));
        JsonNode ceiling = JSON.createObjectNode()
                .set("onnxruntime", JSON.createObjectNode().put("best_gflop_per_s", 200.0));

        ArrayNode approaches = Aggregate.approaches(
                List.of(
                        approach("python-single", "fp32"),
                        approach("polybridge-fp32", "fp32"),
                        approach("polybridge-int8", "int8")),
                runs,
                ceiling);
        ArrayNode pairs = Aggregate.pairRatios(runs);

        JsonNode fp32 = approaches.get(1);
        assertThat(fp32.path("items_per_s").asDouble()).isEqualTo(63.0);
        assertThat(fp32.path("ratio_to_python_single").asDouble()).isEqualTo(15.75);
        assertThat(fp32.path("ceiling_fraction").asDouble()).isEqualTo(0.525);
        assertThat(approaches.get(2).path("ceiling_fraction").isNull()).isTrue();
        assertThat(pairs.get(0).path("approach").asText()).isEqualTo("polybridge-fp32");
        assertThat(pairs.get(0).path("ratios").isArray()).isTrue();
        assertThat(pairs.get(0).path("ratios")).extracting(JsonNode::asDouble).containsExactly(15.0);
        assertThat(pairs.get(0).path("median").asDouble()).isEqualTo(15.0);
    }
}
