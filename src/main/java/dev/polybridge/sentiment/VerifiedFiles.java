package dev.polybridge.sentiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Remembers the files whose sha256 matched the manifest, by what identifies their contents without reading them:
 * device, inode, size, and modification and status-change times in nanoseconds. A start then need not hash a model
 * file of hundreds of MB again: seconds of CPU on the cores the start needs, since SHA-256 is not an intrinsic for
 * HotSpot's C1, where polybridge's JVM stops. Any write to a file sets its status-change time, which no user-level
 * call can set back, so a file changed after its check is hashed again. The stamp is taken before the hashing and
 * recorded only if the file still has it afterwards; and since file times tick coarsely (a few ms), not when the file
 * changed within {@link #SETTLE} of its check, as a write in the same tick would not show. Like the manifest, this
 * guards against accidents, not against someone who can rewrite the cache.
 *
 * <p>One small file per checked file, under {@code -Dpolybridge.model-checks=DIR} (default
 * {@code $XDG_CACHE_HOME/polybridge/model-checks}, else {@code ~/.cache/polybridge/model-checks}); {@code off} hashes
 * every time. A cache that cannot be read or written only costs the hashing.
 */
final class VerifiedFiles {
    static final String PROPERTY = "polybridge.model-checks";
    private static final Logger LOG = Logger.getLogger(VerifiedFiles.class.getName());

    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final AtomicBoolean UNWRITABLE_SAID = new AtomicBoolean();

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
        // Without a real home (a container user without a passwd entry gets "?") the cache would land in the
        // working directory.
        if (!cache.isAbsolute()) return new VerifiedFiles(Optional.empty(), SETTLE);
        return new VerifiedFiles(Optional.of(cache.resolve("polybridge").resolve("model-checks")), SETTLE);
    }

    /** {@code file} as it is now: to ask whether it was verified before and, once hashed, to record it. */
    Check check(Path file) {
        return new Check(file, entry(file), stamp(file));
    }

    /** One file's check: its stamp is taken before it is hashed, and recorded only if the hashing saw no change. */
    final class Check {
        private final Path file;
        private final Optional<Path> entry;
        private final Optional<Stamp> before;

        private Check(Path file, Optional<Path> entry, Optional<Stamp> before) {
            this.file = file;
            this.entry = entry;
            this.before = before;
        }

        /** Whether the file was found to have {@code sha256} and has not changed since. */
        boolean known(String sha256) {
            if (entry.isEmpty() || before.isEmpty() || !Files.isRegularFile(entry.get())) return false;
            try {
                return Files.readString(entry.get(), StandardCharsets.UTF_8)
                        .equals(before.get().line(sha256));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "model check cache unreadable: " + entry.get(), e);
                return false;
            }
        }

        /** Records that the file has {@code sha256}, unless it changed while it was hashed or only just before. */
        void passed(String sha256) {
            if (entry.isEmpty() || before.isEmpty()) return;
            Stamp stamp = before.get();
            if (!before.equals(stamp(file))
                    || stamp.changed().isAfter(Instant.now().minus(settle))) return;
            try {
                Files.createDirectories(entry.get().getParent());
                Path temporary = Files.createTempFile(entry.get().getParent(), "check", ".tmp");
                try {
                    Files.writeString(temporary, stamp.line(sha256), StandardCharsets.UTF_8);
                    Files.move(temporary, entry.get(), StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException | RuntimeException e) {
                if (UNWRITABLE_SAID.compareAndSet(false, true)) {
                    LOG.info("model check cache not writable (" + e + "): model files are hashed on every start; set"
                            + " -D" + PROPERTY + "=DIR or =off");
                }
            }
        }
    }

    private record Stamp(String identity, Instant changed) {
        String line(String sha256) {
            return sha256 + " " + identity;
        }
    }

    private Optional<Path> entry(Path file) {
        return directory.map(dir -> dir.resolve(
                DigestUtils.sha256Hex(file.toAbsolutePath().normalize().toString())));
    }

    private static Optional<Stamp> stamp(Path file) {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
            String identity = String.join(
                    " ",
                    String.valueOf(unix.get("dev")),
                    String.valueOf(unix.get("ino")),
                    String.valueOf(unix.get("size")),
                    String.valueOf(nanos(unix.get("lastModifiedTime"))),
                    String.valueOf(nanos(unix.get("ctime"))),
                    file.toAbsolutePath().normalize().toString());
            return Optional.of(new Stamp(identity, ((FileTime) unix.get("ctime")).toInstant()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "no stamp for " + file, e);
            return Optional.empty();
        }
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
