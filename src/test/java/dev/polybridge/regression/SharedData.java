package dev.polybridge.regression;

import java.nio.file.Path;

/** The read-only data folder beside the checkout: ../shared, or -Dpolybridge.shared / $POLYBRIDGE_SHARED. */
final class SharedData {
    static final String HOUSING = "boston-housing.csv";
    static final String CLASSIC = "boston-housing-classic.csv";

    private SharedData() {}

    static Path file(String name) {
        String root =
                System.getProperty("polybridge.shared", System.getenv().getOrDefault("POLYBRIDGE_SHARED", "../shared"));
        return Path.of(root, "data", name);
    }
}
