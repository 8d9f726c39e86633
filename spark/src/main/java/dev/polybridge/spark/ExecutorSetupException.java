package dev.polybridge.spark;

/** An executor cannot build its polybridge (the model does not load, the JIT flags are missing); no retry helps. */
final class ExecutorSetupException extends RuntimeException {
    ExecutorSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
