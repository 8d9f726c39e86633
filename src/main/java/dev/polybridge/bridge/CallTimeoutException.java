package dev.polybridge.bridge;

/** A submitted call did not finish within its timeout. */
public class CallTimeoutException extends BridgeException {
    public CallTimeoutException(String message) {
        super(message);
    }
}
