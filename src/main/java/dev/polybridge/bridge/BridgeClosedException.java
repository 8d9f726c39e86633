package dev.polybridge.bridge;

/** The Python context is closed, or closing and accepting no more work. */
public class BridgeClosedException extends BridgeException {
    public BridgeClosedException(String message) {
        super(message);
    }
}
