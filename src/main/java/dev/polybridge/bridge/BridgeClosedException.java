package dev.polybridge.bridge;

public class BridgeClosedException extends BridgeException {
    public BridgeClosedException(String message) {
        super(message);
    }
}
