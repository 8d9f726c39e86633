package dev.polybridge.classify;

/** The input or the options cannot be used at all (missing file or column, unusable header, resume mismatch). */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
