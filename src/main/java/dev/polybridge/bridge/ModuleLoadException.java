package dev.polybridge.bridge;

/** A Python module or file could not be loaded: not found, outside the Python path, or a syntax/import error. */
public class ModuleLoadException extends BridgeException {
    public ModuleLoadException(String message) {
        super(message);
    }

    public ModuleLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
