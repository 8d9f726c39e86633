package dev.polybridge.bridge;

/** Base of every error the bridge raises; the message always says what to do or what went wrong where. */
public class BridgeException extends RuntimeException {
    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
