package dev.polybridge.bench;

import java.util.List;
import java.util.Map;

/**
 * One way of classifying the reviews that {@code bench compare} runs as its own process and measures.
 *
 * @param command   the command line, with placeholders {@code {model} {input} {limit} {output} {summary}} filled in
 *                  per run ({@link #commandFor})
 * @param precision fp32, int8, or null when unknown (an external command)
 * @param slow      runs only in the first {@code --slow-repetitions} repetitions (the long CPython baselines)
 * @param threads   the threads it is allowed, in words, for the report
 */
public record Approach(
        String name,
        Kind kind,
        String precision,
        List<String> command,
        boolean slow,
        String threads,
        double priorSecondsPer1000) {

    /** Where a run's figures come from. */
    public enum Kind {
        /** A bench/python program: one JSON summary line on stdout. */
        PYTHON,
        /** {@code polybridge classify}: its {@code --summary-json} file. */
        POLYBRIDGE,
        /** bench/metacall-go's program ({@link GoMetacall}): one JSON summary line on stdout, as bench/python's. */
        GO_METACALL,
        /** Any command: a JSON line on stdout with items_per_s if it prints one, else limit / wall time. */
        EXTERNAL
    }

    public List<String> commandFor(Map<String, String> values) {
        return command.stream().map(part -> fill(part, values)).toList();
    }

    static String fill(String template, Map<String, String> values) {
        String filled = template;
        for (var entry : values.entrySet()) {
            filled = filled.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return filled;
    }

    /** A rough duration for progress estimates before this approach has run once. */
    double priorSeconds(int limit) {
        return 10 + priorSecondsPer1000 * limit / 1000.0;
    }
}
