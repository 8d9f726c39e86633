package dev.polybridge.classify;

/**
 * One data row of the input. {@code record} is its 1-based position among the data rows, {@code line}
 * the physical line it starts on (0 when the source has no lines, such as a Spark table), {@code id} the
 * value of the input's id column (the record number when there is none; empty when the row is too malformed
 * to read). Either {@code text} is set, or {@code error} says why the row cannot be classified.
 */
public record InputRow(long record, long line, String id, String text, String error) {

    static InputRow ok(long record, long line, String id, String text) {
        return new InputRow(record, line, id, text, null);
    }

    static InputRow failed(long record, long line, String id, String error) {
        return new InputRow(record, line, id, null, error);
    }

    public boolean isError() {
        return error != null;
    }

    /** Names the row in messages: its line, or its record number when the source has no lines. */
    public String where() {
        return line > 0 ? "line " + line : "record " + record;
    }
}
