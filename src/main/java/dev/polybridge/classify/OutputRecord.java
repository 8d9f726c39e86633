package dev.polybridge.classify;

import dev.polybridge.sentiment.Classification;

/**
 * One line of the output: the input row's id and line, then either a label and score or the error
 * that kept the row from being classified. {@code text} is null unless the text is to be written.
 */
public record OutputRecord(
        String id, long line, String label, Double score, boolean truncated, String error, String text) {

    static OutputRecord of(InputRow row, Classification result, boolean withText) {
        String text = withText ? row.text() : null;
        if (result.isError()) {
            return new OutputRecord(row.id(), row.line(), null, null, false, row.where() + ": " + result.error(), text);
        }
        return new OutputRecord(row.id(), row.line(), result.label(), result.score(), result.truncated(), null, text);
    }

    static OutputRecord failed(InputRow row, boolean withText) {
        return new OutputRecord(row.id(), row.line(), null, null, false, row.error(), withText ? row.text() : null);
    }

    public boolean isError() {
        return error != null;
    }
}
