package dev.polybridge.classify;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths to the shared data (../shared, or -Dpolybridge.shared / $POLYBRIDGE_SHARED) and the crafted files. */
public final class TestData {
    private TestData() {}

    public static Path shared(String relative) {
        String root =
                System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared"));
        return Path.of(root).resolve(relative);
    }

    public static Path wineReviews() {
        return shared("data/wine-reviews-10k.csv");
    }

    public static Path crafted(String name) {
        try {
            return Paths.get(TestData.class.getResource("/classify/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource classify/" + name, e);
        }
    }
}
