package dev.polybridge.classify;

/** Rows in input order; {@link #next()} returns null after the last. */
@FunctionalInterface
public interface RowSource {
    InputRow next();
}
