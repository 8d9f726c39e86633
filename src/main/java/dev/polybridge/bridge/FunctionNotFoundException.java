package dev.polybridge.bridge;

public class FunctionNotFoundException extends BridgeException {
    public FunctionNotFoundException(String message) {
        super(message);
    }
}
