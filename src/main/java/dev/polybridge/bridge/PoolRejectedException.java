package dev.polybridge.bridge;

/** Submission refused at once: the queue is full, or the pool is shutting down. Never blocks. */
public class PoolRejectedException extends BridgeException {
    public PoolRejectedException(String message) {
        super(message);
    }
}
