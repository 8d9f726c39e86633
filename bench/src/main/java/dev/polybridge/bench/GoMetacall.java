package dev.polybridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Go + MetaCall approaches: bench/metacall-go's program, built by {@code make metacall} into
 * {@code build/metacall/bin/metacall-classify}. When the last {@code make metacall} failed, its
 * {@code build/metacall/failure.txt} says why, and every go-metacall run is recorded as failed with that reason.
 */
public final class GoMetacall {

    public static final String NAME = "go-metacall";
    public static final String BATCHED = "go-metacall-batched";
    static final String WORKERS_PREFIX = NAME + "-workers-";
    /** The seed's batch size: texts per {@code metacall.Call("process_batch", batch)}. */
    static final int SEED_BATCH = 32;
    /** The worker counts measured: the one equal to the cores is the seed's {@code runtime.NumCPU()} itself. */
    static final List<Integer> MEASURED_WORKERS = List.of(1, 2, 8);

    private static final String THREADS =
            "every metacall.Call runs on the Go port's one OS-locked thread, one at a time; "
                    + "inside it torch's default intra-op pool (one per physical core); lists of 32 texts";

    private GoMetacall() {}

    /** Where {@code make metacall} puts the program, under the project home. */
    public static Path program(Path home) {
        return home.resolve("build/metacall/bin/metacall-classify");
    }

    /**
     * The seed ({@code runtime.NumCPU()} workers, the pipeline called without batch_size), the seed with
     * {@code batch_size=32}, and the seed at 1, 2 and 8 workers (the count equal to the cores is the seed itself).
     */
    static List<Approach> approaches(Path program, int cores) {
        var all = new ArrayList<Approach>();
        all.add(approach(
                NAME,
                program,
                List.of(),
                cores + " goroutine workers (runtime.NumCPU()); " + THREADS + ", one sequence per forward pass"));
        all.add(approach(
                BATCHED,
                program,
                List.of("--pipeline-batch-size", "32"),
                cores + " goroutine workers " + "(runtime.NumCPU()); " + THREADS + ", batch_size=32"));
        for (int workers : MEASURED_WORKERS) {
            if (workers == cores) continue;
            all.add(approach(
                    WORKERS_PREFIX + workers,
                    program,
                    List.of("--workers", String.valueOf(workers)),
                    workers + " goroutine worker(s); " + THREADS + ", one sequence per forward pass"));
        }
        return all;
    }

    private static Approach approach(String name, Path program, List<String> extra, String threads) {
        var command = new ArrayList<>(List.of(
                program.toString(),
                "--model",
                "{model}",
                "--input",
                "{input}",
                "--limit",
                "{limit}",
                "--output",
                "{output}",
                "--batch-size",
                String.valueOf(SEED_BATCH),
                "--approach",
                name));
        command.addAll(extra);
        return new Approach(name, Approach.Kind.GO_METACALL, "fp32", List.copyOf(command), true, threads, 60);
    }

    /** The memory scan's command: as polybridge's, 2 texts per call, so that every worker has a batch at once. */
    static Approach scan(Path program, int workers) {
        return new Approach(
                NAME,
                Approach.Kind.GO_METACALL,
                "fp32",
                List.of(
                        program.toString(),
                        "--model",
                        "{model}",
                        "--input",
                        "{input}",
                        "--limit",
                        "{limit}",
                        "--output",
                        "{output}",
                        "--workers",
                        String.valueOf(workers),
                        "--batch-size",
                        "2"),
                false,
                "",
                0);
    }

    /** Why the program cannot run: the last {@code make metacall} failed, or it was never run. */
    static Optional<String> unavailable(Path program) {
        Path failure = program.getParent().getParent().resolve("failure.txt");
        try {
            if (Files.isRegularFile(failure)) {
                return Optional.of("make metacall failed: "
                        + Files.readString(failure, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            return Optional.of("make metacall failed, and " + failure + " is not readable: " + e.getMessage());
        }
        return Files.isExecutable(program)
                ? Optional.empty()
                : Optional.of(program + " is not built: run make metacall");
    }
}
