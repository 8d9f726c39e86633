package dev.polybridge.classify;

/**
 * Which texts go to the model. Empty or blank text and text holding control characters (NUL and the
 * other C0/C1 controls except tab, newline and carriage return: binary data, not prose) are reported
 * per row instead. Numbers, emoji and any other Unicode text are classified: the tokenizer takes them.
 */
public final class TextCheck {
    private TextCheck() {}

    /** Why {@code text} of {@code column} cannot be classified, or null when it can. */
    public static String problem(String text, String column) {
        if (text.isBlank()) {
            return "empty text in column '%s'".formatted(column);
        }
        int position = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            position++;
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "not text: control character U+%04X at character %d of column '%s'"
                        .formatted(c, position, column);
            }
        }
        return null;
    }
}
