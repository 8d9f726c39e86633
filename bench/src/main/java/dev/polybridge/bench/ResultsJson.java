package dev.polybridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How every benchmark writes its results: indented JSON in a file whose folder is created if needed. */
public final class ResultsJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    /** Writes {@code results} to {@code file}; returns the JSON text. */
    public static String write(Object results, Path file) throws IOException {
        String json = MAPPER.writeValueAsString(results);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) Files.createDirectories(folder);
        Files.writeString(file, json + System.lineSeparator());
        return json;
    }
}
