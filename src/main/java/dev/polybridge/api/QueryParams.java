package dev.polybridge.api;

import java.util.Locale;

/**
 * Query parameters read strictly. JAX-RS turns a parameter that does not convert into a 404, and reads any value but
 * "true" as false; here a value that is not what the parameter takes is a 400 naming the parameter.
 */
final class QueryParams {
    private QueryParams() {}

    static boolean bool(String name, String value, boolean absent) {
        if (value == null || value.isEmpty()) return absent;
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("%s must be true or false, got '%s'".formatted(name, value), name);
        };
    }

    static long wholeNumber(String name, String value, long absent, long min, long max) {
        if (value == null || value.isEmpty()) return absent;
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "%s must be a whole number from %d to %d, got '%s'".formatted(name, min, max, value), name);
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(
                    "%s must be a whole number from %d to %d, got %d".formatted(name, min, max, parsed), name);
        }
        return parsed;
    }

    /** A finite decimal number; the caller checks its range. */
    static double decimal(String name, String value, double absent) {
        if (value == null || value.isEmpty()) return absent;
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isFinite(parsed)) return parsed;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("%s must be a decimal number, got '%s'".formatted(name, value), name);
    }
}
