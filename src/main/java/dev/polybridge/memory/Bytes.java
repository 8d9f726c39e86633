package dev.polybridge.memory;

import java.util.Locale;

/** Byte counts for people. */
public final class Bytes {

    public static final long MIB = 1024 * 1024;

    private Bytes() {}

    public static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", (double) bytes / MIB);
    }

    /** A change, with its sign. */
    public static String mibDelta(long bytes) {
        return String.format(Locale.ROOT, "%+.1f MiB", (double) bytes / MIB);
    }
}
