package dev.polybridge.classify;

import dev.polybridge.sentiment.SentimentOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one {@code classify} run is asked to do.
 *
 * @param limit       at most this many rows after {@code offset}; null for all
 * @param summaryJson where to write the machine-readable summary; null for none
 * @param logEvery    how often plain progress lines are written when stderr is not a terminal
 */
public record ClassifyRequest(
        Path input,
        Path output,
        String column,
        long offset,
        Long limit,
        OutputFormat format,
        boolean includeText,
        SentimentOptions sentiment,
        boolean resume,
        boolean failFast,
        ProgressReporter.Mode progress,
        Duration logEvery,
        Path summaryJson) {}
