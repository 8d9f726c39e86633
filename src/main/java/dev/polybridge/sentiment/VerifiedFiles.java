package dev.polybridge.sentiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers the files whose sha256 matched the manifest, by what identifies their contents without reading them:
 * device, inode, size, and modification and status-change times in nanoseconds. A start then need not hash a model
 * file of hundreds of MB again: seconds of CPU on the cores the start needs, since SHA-256 is not an intrinsic for
 * HotSpot's C1, where polybridge's JVM stops. Any write to a file sets its status-change time, which no user-level
 * call can set back, so a file changed after its check is hashed again. File times tick coarsely (a few ms), so a
 * file changed within {@link #SETTLE} of its check is not recorded: a write in the same tick would not show. Like the
 * manifest, this guards against accidents, not against someone who can rewrite the cache.
 *
 * <p>One small file per checked file, under {@code -Dpolybridge.model-checks=DIR} (default
 * {@code $XDG_CACHE_HOME/polybridge/model-checks}, else {@code ~/.cache/polybridge/model-checks}); {@code off} hashes
 * every time. A cache that cannot be read or written only costs the hashing.
 */
final class VerifiedFiles {
    static final String PROPERTY = "polybridge.model-checks";
    private static final Logger LOG = Logger.getLogger(VerifiedFiles.class.getName());

    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Optional<Path> directory;
    private final Duration settle;

    VerifiedFiles(Optional<Path> directory, Duration settle) {
        this.directory = directory;
        this.settle = settle;
    }

    static VerifiedFiles configured() {
        String configured = System.getProperty(PROPERTY);
        if ("off".equals(configured)) return new VerifiedFiles(Optional.empty(), SETTLE);
        if (configured != null && !configured.isBlank()) {
            return new VerifiedFiles(Optional.of(Path.of(configured)), SETTLE);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new VerifiedFiles(Optional.of(cache.resolve("polybridge").resolve("model-checks")), SETTLE);
    }

    /** Whether {@code file} was found to have {@code sha256} and has not changed since. */
    boolean verified(Path file, String sha256) {
        Optional<Path> entry = entry(file);
        if (entry.isEmpty() || !Files.isRegularFile(entry.get())) return false;
        try {
            return Files.readString(entry.get(), StandardCharsets.UTF_8).equals(stamp(file, sha256));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "model check cache unreadable: " + entry.get(), e);
            return false;
        }
    }

    /** Records that {@code file} has {@code sha256}, as it is now. */
    void record(Path file, String sha256) {
        Optional<Path> entry = entry(file);
        if (entry.isEmpty()) return;
        try {
            Instant changed = ((FileTime) Files.getAttribute(file, "unix:ctime")).toInstant();
            if (changed.isAfter(Instant.now().minus(settle))) return;
            Files.createDirectories(entry.get().getParent());
            Path temporary = Files.createTempFile(entry.get().getParent(), "check", ".tmp");
            try {
                Files.writeString(temporary, stamp(file, sha256), StandardCharsets.UTF_8);
                Files.move(temporary, entry.get(), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "model check cache not written: " + entry.get(), e);
        }
    }

    private Optional<Path> entry(Path file) {
        return directory.map(
                dir -> dir.resolve(sha256(file.toAbsolutePath().normalize().toString())));
    }

    private static String stamp(Path file, String sha256) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
        return String.join(
                " ",
                sha256,
                String.valueOf(unix.get("dev")),
                String.valueOf(unix.get("ino")),
                String.valueOf(unix.get("size")),
                String.valueOf(nanos(unix.get("lastModifiedTime"))),
                String.valueOf(nanos(unix.get("ctime"))),
                file.toAbsolutePath().normalize().toString());
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
