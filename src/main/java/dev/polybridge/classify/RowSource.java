package dev.polybridge.classify;

/** Rows in input order; {@link #next()} returns null after the last. */
@FunctionalInterface
public interface RowSource {
    InputRow next();

    /** The first {@code max} rows of {@code source}. */
    static RowSource limit(RowSource source, long max) {
        long[] left = {max};
        return () -> left[0]-- > 0 ? source.next() : null;
    }
}
