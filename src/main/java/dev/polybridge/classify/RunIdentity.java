package dev.polybridge.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What makes two runs write the same records: the input file (path, size, modification time), which
 * rows and column, the output layout and the model. Saved beside a partial output so that
 * {@code --resume} only ever continues a run of the same job.
 */
record RunIdentity(
        String input,
        long inputBytes,
        long inputModifiedMillis,
        String column,
        long offset,
        Long limit,
        OutputFormat format,
        boolean includeText,
        String model,
        String precision) {

    public static RunIdentity of(
            Path input,
            String column,
            long offset,
            Long limit,
            OutputFormat format,
            boolean includeText,
            Path model,
            String precision) {
        try {
            return new RunIdentity(
                    input.toAbsolutePath().normalize().toString(),
                    Files.size(input),
                    Files.getLastModifiedTime(input).toMillis(),
                    column,
                    offset,
                    limit,
                    format,
                    includeText,
                    model.toAbsolutePath().normalize().toString(),
                    precision);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What differs from {@code other}, as option names and values; empty when the runs match. */
    public List<String> differencesFrom(RunIdentity other) {
        List<String> differences = new ArrayList<>();
        compare(differences, "--input", input, other.input);
        compare(differences, "input size in bytes", inputBytes, other.inputBytes);
        compare(differences, "input modification time (ms)", inputModifiedMillis, other.inputModifiedMillis);
        compare(differences, "--column", column, other.column);
        compare(differences, "--offset", offset, other.offset);
        compare(differences, "--limit", limit, other.limit);
        compare(differences, "--format", format, other.format);
        compare(differences, "--include-text", includeText, other.includeText);
        compare(differences, "--model", model, other.model);
        compare(differences, "--precision", precision, other.precision);
        return differences;
    }

    private static void compare(List<String> differences, String name, Object saved, Object now) {
        if (!Objects.equals(saved, now)) {
            differences.add("%s was %s, now %s"
                    .formatted(name, saved == null ? "(none)" : saved, now == null ? "(none)" : now));
        }
    }
}
