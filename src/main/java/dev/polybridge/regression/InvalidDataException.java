package dev.polybridge.regression;

/** The input cannot give a meaningful fit; the message names the file, line, column or parameter at fault. */
public class InvalidDataException extends RuntimeException {
    public InvalidDataException(String message) {
        super(message);
    }

    public InvalidDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
