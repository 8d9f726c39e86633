package dev.polybridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How bench compare treats the Go + MetaCall program: its build's failure becomes the runs' failure, its summary
 * becomes figures, and the report sets its Go heap figure against the measured PSS. The program itself is tested by
 * bench/metacall-go/test_metacall_classify.py.
 */
class GoMetacallTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aFailedBuildIsTheReasonEveryRunGives() throws Exception {
        Path program = GoMetacall.program(home);
        Files.createDirectories(program.getParent());
        Files.writeString(
                program.getParent().getParent().resolve("failure.txt"),
                "step 'configure (cmake)': cmake could not configure MetaCall\n");

        ObjectNode run = new ApproachRunner(home, Duration.ofMillis(50), Duration.ofMinutes(1))
                .run(GoMetacall.approaches(program, 2).getFirst(), "go-metacall-r1", home, home.resolve("in.csv"), 16);

        assertThat(run.path("ok").asBoolean()).isFalse();
        assertThat(run.path("failure").asText())
                .isEqualTo("make metacall failed: step 'configure (cmake)': cmake could not configure MetaCall");
    }

    @Test
    void aProgramNeverBuiltSaysHowToBuildIt() throws IOException {
        Path program = GoMetacall.program(home);

        assertThat(GoMetacall.unavailable(program)).contains(program + " is not built: run make metacall");

        Files.createDirectories(program.getParent());
        Files.writeString(program, "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(GoMetacall.unavailable(program)).isEmpty();
    }

    @Test
    void itsSummaryGivesTheFiguresAndTheSeedsMemoryFigure() throws IOException {
        JsonNode summary = JSON.readTree("""
                {"approach": "go-metacall", "items": 1000, "items_per_s": 17.5, "classify_s": 57.1, "load_s": 4.2,
                 "workers": 2, "threads": {"go_workers": 2, "metacall_call_thread": 1},
                 "go_memstats": {"alloc_bytes": 1234567, "sys_bytes": 20000000, "seed_figure_mib": 1}}""");

        ObjectNode figures = RunFigures.of(Approach.Kind.GO_METACALL, summary, 1000, 70);

        assertThat(figures.path("items_per_s").asDouble()).isEqualTo(17.5);
        assertThat(figures.path("workers").asInt()).isEqualTo(2);
        assertThat(figures.path("go_alloc_bytes").asLong()).isEqualTo(1234567);
        assertThat(figures.path("threads").path("metacall_call_thread").asInt()).isEqualTo(1);
    }

    @Test
    void theReportSetsTheGoHeapAgainstPssAndPolybridgeAgainstGoMetacallByWorkers() throws IOException {
        ObjectNode results = CannedResults.load();
        ArrayNode approaches = (ArrayNode) results.get("approaches");
        approaches
                .addObject()
                .put("approach", "go-metacall")
                .put("completed_runs", 1)
                .put("items_per_s", 15.0)
                .put("peak_pss_mb", 900.0)
                .put("go_alloc_mb", 0.3)
                .put("workers", 2);
        approaches
                .addObject()
                .put("approach", "go-metacall-workers-1")
                .put("completed_runs", 1)
                .put("items_per_s", 14.0)
                .put("peak_pss_mb", 880.0)
                .put("go_alloc_mb", 0.2)
                .put("workers", 1);
        approaches
                .addObject()
                .put("approach", "go-metacall-workers-8")
                .put("completed_runs", 1)
                .put("items_per_s", 15.5)
                .put("peak_pss_mb", 910.0)
                .put("go_alloc_mb", 0.5)
                .put("workers", 8);
        approaches
                .addObject()
                .put("approach", "polybridge-fp32-workers-8")
                .put("completed_runs", 1)
                .put("items_per_s", 45.0)
                .put("workers", 8);
        ((ObjectNode) approaches.get(3)).put("workers", 2);
        ((ArrayNode) results.get("pair_ratios"))
                .addObject()
                .put("approach", "polybridge-fp32")
                .put("baseline", "go-metacall")
                .put("median", 4.1);

        String report = CompareReport.render(results, "charts");

        assertThat(report)
                .contains("### Go + MetaCall")
                .contains("| go-metacall | 2 | 15.0 | 0.30 MB | 900 MB | 3,000 × |")
                .contains("| 1 | 14.0 | n/a | n/a |")
                .contains("| 2 | 15.0 | 60.0 | 4.00 × |")
                .contains("| 8 | 15.5 | 45.0 | 2.90 × |")
                .contains("- polybridge-fp32 / go-metacall: items/s **4.10 ×** (runs of the same repetition); "
                        + "peak PSS 800 against 900 MB: **0.89 ×**.");
    }

    @Test
    void theReportSaysWhyGoMetacallWasNotMeasured() throws IOException {
        ObjectNode results = CannedResults.load();
        ObjectNode entry = ((ArrayNode) results.get("approaches"))
                .addObject()
                .put("approach", "go-metacall")
                .put("completed_runs", 0);
        entry.putArray("failures")
                .addObject()
                .put("repetition", 1)
                .put("failure", "make metacall failed: step 'go build (bench/metacall-go)': go build failed");

        assertThat(CompareReport.render(results, "charts"))
                .contains("**Not measured:** make metacall failed: "
                        + "step 'go build (bench/metacall-go)': go build failed.");
    }
}
