package dev.polybridge.bridge;

/** No loaded module defines the function called; the message lists the functions that are loaded. */
public class FunctionNotFoundException extends BridgeException {
    public FunctionNotFoundException(String message) {
        super(message);
    }
}
