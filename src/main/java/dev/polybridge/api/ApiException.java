package dev.polybridge.api;

import java.time.Duration;

/**
 * A request the service refuses, with the HTTP status, a message that says what to change, and the JSON field at fault
 * ({@code texts[3]}), when there is one.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final Duration retryAfter;

    public ApiException(int status, String message, String field, Duration retryAfter) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message, String field) {
        return new ApiException(400, message, field, null);
    }

    public static ApiException tooLarge(String message, String field) {
        return new ApiException(413, message, field, null);
    }

    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, message, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
