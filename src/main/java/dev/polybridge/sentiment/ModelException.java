package dev.polybridge.sentiment;

/** A model directory is missing, incomplete or corrupt; the message names the file and how to get it. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
