package dev.polybridge.api;

/** The engine batch a request's texts were in failed as a whole (a Python error, say). Maps to 500. */
public class BatchFailedException extends RuntimeException {
    public BatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
