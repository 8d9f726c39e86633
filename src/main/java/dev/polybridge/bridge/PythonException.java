package dev.polybridge.bridge;

/** A Python exception raised inside the context, with its Python type, message and formatted traceback. */
public class PythonException extends BridgeException {
    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;

    public PythonException(String pythonType, String pythonMessage, String pythonTraceback) {
        super(pythonType + ": " + pythonMessage);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.pythonTraceback = pythonTraceback;
    }

    public String pythonType() {
        return pythonType;
    }

    public String pythonMessage() {
        return pythonMessage;
    }

    /** The traceback as Python prints it, ending with the "Type: message" line. */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
