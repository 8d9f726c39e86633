package dev.polybridge.bench;

import dev.polybridge.sentiment.EngineLimits;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Refuses a count option of a benchmark outside its range as a usage error (exit 2) naming the option and the limit. */
final class OptionRange {
    /** Timed repetitions, cold starts: past this a run only takes longer. */
    static final int MAX_REPETITIONS = 100;
    /** Rows or texts a benchmark loads into memory. */
    static final int MAX_TEXTS = 1_000_000;

    private OptionRange() {}

    static void require(CommandSpec spec, String option, long value, long min, long max, String why) {
        String problem = EngineLimits.outOfRange(option, value, min, max, why);
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
    }
}
