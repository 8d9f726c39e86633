package dev.polybridge.api;

import dev.polybridge.sentiment.SentimentOptions;
import java.nio.file.Path;

/**
 * Where the app's relative defaults resolve: {@code $POLYBRIDGE_HOME}, which {@code bin/polybridge} sets to the
 * checkout or to the unpacked distribution, else the working directory.
 */
public final class PolybridgeHome {
    private PolybridgeHome() {}

    public static Path resolve(String relative) {
        String home = System.getenv("POLYBRIDGE_HOME");
        return home == null ? Path.of(relative) : Path.of(home).resolve(relative);
    }

    /** {@code models/<the default model>}, where {@code make model} puts it. */
    public static Path defaultModelDir() {
        return resolve("models/" + SentimentOptions.DEFAULT_MODEL);
    }

    /** Help text for an option whose default is {@link #defaultModelDir()}. */
    public static final String DEFAULT_MODEL_HELP = "$POLYBRIDGE_HOME/models/" + SentimentOptions.DEFAULT_MODEL
            + ", else ./models/" + SentimentOptions.DEFAULT_MODEL;
}
