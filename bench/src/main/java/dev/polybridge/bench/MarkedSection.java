package dev.polybridge.bench;

/**
 * The generated part of a Markdown document, between {@code <!-- bench-compare:begin -->} and
 * {@code <!-- bench-compare:end -->}; everything outside the markers is kept as it is.
 */
final class MarkedSection {

    static final String BEGIN = "<!-- bench-compare:begin -->";
    static final String END = "<!-- bench-compare:end -->";

    private MarkedSection() {}

    /**
     * The document with the section's body replaced. Without markers, the section goes after the first top-level
     * heading (or at the start).
     *
     * @throws IllegalArgumentException when the markers are out of order or only one of them is present
     */
    static String replace(String document, String body) {
        String section = BEGIN + "\n" + body.strip() + "\n" + END;
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin >= 0 && end > begin) {
            return document.substring(0, begin) + section + document.substring(end + END.length());
        }
        if (begin >= 0 || end >= 0) {
            throw new IllegalArgumentException("the document has "
                    + (begin < 0
                            ? "an end marker without " + BEGIN
                            : end < 0 ? BEGIN + " without " + END : END + " before " + BEGIN)
                    + "; fix the markers by hand");
        }
        int heading = document.startsWith("# ") ? 0 : document.indexOf("\n# ");
        if (heading < 0) return section + "\n\n" + document;
        if (heading > 0) heading++;
        int lineEnd = document.indexOf('\n', heading);
        if (lineEnd < 0) return document + "\n\n" + section + "\n";
        return document.substring(0, lineEnd + 1) + "\n" + section + "\n" + document.substring(lineEnd + 1);
    }
}
