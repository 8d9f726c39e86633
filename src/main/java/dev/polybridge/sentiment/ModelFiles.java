package dev.polybridge.sentiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of a prepared model directory the classifier reads, checked before any work starts. */
public final class ModelFiles {
    private static final List<String> TOKENIZER_AND_CONFIG = List.of("config.json", "vocab.txt", "tokenizer_config.json");

    private ModelFiles() {
    }

    /** The names of the files the tokenizer, the pipeline and the engine read at {@code precision}. */
    public static List<String> names(Precision precision) {
        return Stream.concat(TOKENIZER_AND_CONFIG.stream(), Stream.of(precision.fileName())).toList();
    }

    /** @throws ModelException naming the missing directory or the first missing or empty file */
    public static void check(Path modelDir, Precision precision) {
        if (!Files.isDirectory(modelDir)) {
            throw new ModelException("model directory not found: " + modelDir + " (prepare one with: make model MODEL="
                    + modelDir.getFileName() + ", or point --model at a folder made by make model)");
        }
        for (String name : names(precision)) {
            requireFile(modelDir, name);
        }
    }

    private static void requireFile(Path modelDir, String name) {
        Path file = modelDir.resolve(name);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw new ModelException("model file missing or empty: " + file + " (re-create the folder with: make model MODEL="
                        + modelDir.getFileName() + ")");
            }
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }
}
