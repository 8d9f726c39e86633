package dev.polybridge.api;

/**
 * Which JSON texts go to the model: the same rule as classify's CSV rows. Empty or blank text and text holding
 * control characters other than tab, newline and carriage return (binary data, not prose) get an item error.
 */
final class TextItems {
    private TextItems() {}

    /** Why {@code text} cannot be classified, or null when it can. */
    static String problem(String text) {
        if (text.isBlank()) {
            return "empty text";
        }
        int position = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            position++;
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "not text: control character U+%04X at character %d".formatted(c, position);
            }
        }
        return null;
    }
}
