package dev.polybridge.api;

/** The batcher refused a request at once: its queue is full, or the service is shutting down. Maps to 503. */
public class BatcherRejectedException extends RuntimeException {

    public enum Reason {
        QUEUE_FULL,
        SHUTTING_DOWN
    }

    private final Reason reason;

    public BatcherRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
