package dev.polybridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code bench compare} runs.
 *
 * @param repetitions     repetitions of the fast approaches
 * @param slowRepetitions repetitions of the slow ones ({@link Approach#slow()}): they run in the first ones only
 * @param memoryWorkers   worker counts of the memory scan; empty skips it
 * @param out             bench/results: compare-STAMP.json and the folder of each run's files
 * @param report          docs/benchmarks.md; its generated section is rewritten
 * @param charts          docs/charts
 * @param interval        the meter's sampling interval
 * @param commandLine     the command as typed, for the report
 * @param cpuModel        from /proc/cpuinfo
 */
public record CompareOptions(
        Path model,
        Path input,
        int limit,
        int repetitions,
        int slowRepetitions,
        boolean quick,
        List<Approach> approaches,
        List<Integer> memoryWorkers,
        Approaches.Toolchain tools,
        Path out,
        Path report,
        Path charts,
        Duration interval,
        Duration runTimeout,
        String commandLine,
        String cpuModel) {

    public CompareOptions {
        if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be at least 1, got " + repetitions);
        if (slowRepetitions < 1 || slowRepetitions > repetitions) {
            throw new IllegalArgumentException("--slow-repetitions must be between 1 and --repetitions (" + repetitions
                    + "), got " + slowRepetitions);
        }
        if (approaches.isEmpty()) throw new IllegalArgumentException("no approaches to compare");
        for (int workers : memoryWorkers) {
            if (workers < 1)
                throw new IllegalArgumentException("--memory-workers: counts must be at least 1, got " + workers);
        }
        memoryWorkers = memoryWorkers.stream().distinct().sorted().toList();
        approaches = List.copyOf(approaches);
    }

    int repetitionsOf(Approach approach) {
        return approach.slow() ? slowRepetitions : repetitions;
    }
}
