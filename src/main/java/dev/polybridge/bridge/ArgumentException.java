package dev.polybridge.bridge;

/** The arguments given to {@code call} do not fit: wrong count, or a Java type the bridge does not convert. */
public class ArgumentException extends BridgeException {
    public ArgumentException(String message) {
        super(message);
    }
}
