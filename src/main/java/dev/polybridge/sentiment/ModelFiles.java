package dev.polybridge.sentiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

/**
 * The files of a prepared model directory the classifier reads, checked before any work starts, naming the first
 * missing, empty or changed file. They are compared with the sha256 and size that {@code make model} recorded in
 * {@code manifest.json}: a vocabulary shuffled or cut after the build loads without complaint and quietly changes
 * most labels.
 */
public final class ModelFiles {
    private static final Logger LOG = Logger.getLogger(ModelFiles.class.getName());
    private static final List<String> TOKENIZER_AND_CONFIG =
            List.of("config.json", "vocab.txt", "tokenizer_config.json");
    static final String MANIFEST = "manifest.json";
    /** One mapper for the manifest and the configurations: building one costs start-up time. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFiles() {}

    /** The names of the files the tokenizer, the pipeline and the engine read at {@code precision}. */
    public static List<String> names(Precision precision) {
        return Stream.concat(TOKENIZER_AND_CONFIG.stream(), Stream.of(precision.fileName()))
                .toList();
    }

    /**
     * Checks that the files exist, and their sizes and the small files' hashes against the manifest. The ONNX file's
     * hash (hundreds of MB: seconds of CPU while HotSpot stays at C1) is computed in the background, to be awaited with
     * {@link #await} before the file is loaded; it overlaps the pipeline's import.
     *
     * @throws ModelException naming the missing directory or the first missing, empty or changed file
     */
    public static CompletableFuture<Void> check(Path modelDir, Precision precision) {
        if (!Files.isDirectory(modelDir)) {
            throw new ModelException("model directory not found: " + modelDir + " (prepare one with: make model MODEL="
                    + modelDir.getFileName() + ", or point --model at a folder made by make model)");
        }
        for (String name : names(precision)) {
            requireFile(modelDir, name);
        }
        JsonNode manifest = manifest(modelDir);
        if (manifest == null) {
            LOG.warning(modelDir.getFileName() + " has no " + MANIFEST + ": its files cannot be checked against what"
                    + " make model built");
            return CompletableFuture.completedFuture(null);
        }
        for (String name : TOKENIZER_AND_CONFIG) {
            verify(modelDir, manifest, name);
        }
        String onnx = precision.fileName();
        verifySize(modelDir, manifest, onnx);
        return CompletableFuture.runAsync(
                () -> verify(modelDir, manifest, onnx),
                runnable -> Thread.ofPlatform()
                        .name("polybridge-model-check")
                        .daemon(true)
                        .start(runnable));
    }

    /** Waits for the background check; a changed file is a {@link ModelException}. */
    public static void await(CompletableFuture<Void> check) {
        try {
            check.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ModelException model) throw model;
            throw e;
        }
    }

    private static JsonNode manifest(Path modelDir) {
        Path file = modelDir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) return null;
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelException(
                    "cannot read " + file + ": " + e.getMessage() + " (re-create the folder with: make model MODEL="
                            + modelDir.getFileName() + ")",
                    e);
        }
    }

    private static void verifySize(Path modelDir, JsonNode manifest, String name) {
        JsonNode size = manifest.path("sizes").path(name);
        if (!size.isNumber()) return;
        Path file = modelDir.resolve(name);
        try {
            long actual = Files.size(file);
            if (actual != size.asLong()) {
                throw changed(modelDir, name, "%d bytes, the manifest says %d".formatted(actual, size.asLong()));
            }
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void verify(Path modelDir, JsonNode manifest, String name) {
        verifySize(modelDir, manifest, name);
        JsonNode expected = manifest.path("files").path(name);
        if (!expected.isTextual()) {
            throw changed(modelDir, name, "the manifest has no sha256 for it");
        }
        Path file = modelDir.resolve(name);
        VerifiedFiles.Check check = VerifiedFiles.configured().check(file);
        if (check.known(expected.asText())) return;
        String actual = sha256(file);
        if (!actual.equals(expected.asText())) {
            throw changed(modelDir, name, "sha256 %s, the manifest says %s".formatted(actual, expected.asText()));
        }
        check.passed(actual);
    }

    /**
     * One of the model's JSON files ({@code config.json}, {@code tokenizer_config.json}), a JSON object, parsed here for
     * the pipeline: GraalPy's json module and the re module it imports would cost the context about 1.5 s of start-up
     * (docs/memory.md).
     */
    public static Map<String, Object> configuration(Path modelDir, String name) {
        Path file = modelDir.resolve(name);
        try {
            return JSON.readerFor(new TypeReference<Map<String, Object>>() {})
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(file.toFile());
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new ModelException(
                    "%s is not a JSON object as make model writes it (%s%s); re-create the folder with: make model MODEL=%s"
                            .formatted(file, where, e.getOriginalMessage(), modelDir.getFileName()),
                    e);
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static ModelException changed(Path modelDir, String name, String how) {
        return new ModelException(
                ("model file %s was changed after make model built the folder (%s, in %s); re-create it"
                                + " with: make model MODEL=%s")
                        .formatted(modelDir.resolve(name), how, MANIFEST, modelDir.getFileName()));
    }

    private static String sha256(Path file) {
        try {
            return new DigestUtils(MessageDigestAlgorithms.SHA_256).digestAsHex(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireFile(Path modelDir, String name) {
        Path file = modelDir.resolve(name);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw new ModelException("model file missing or empty: " + file
                        + " (re-create the folder with: make model MODEL=" + modelDir.getFileName() + ")");
            }
        } catch (IOException e) {
            throw new ModelException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }
}
