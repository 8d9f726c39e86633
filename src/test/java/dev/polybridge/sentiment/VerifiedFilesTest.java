package dev.polybridge.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedFilesTest {
    private static final String HASH = "ab".repeat(32);

    @Test
    void aCheckedFileIsTrustedUntilItIsWrittenAgainEvenWithItsSizeAndTimeRestored(@TempDir Path temp)
            throws IOException, InterruptedException {
        Path file = Files.writeString(temp.resolve("model.onnx"), "weights");
        var verified = new VerifiedFiles(Optional.of(temp.resolve("cache")), Duration.ZERO);
        assertThat(verified.check(file).known(HASH)).as("never checked").isFalse();

        verified.check(file).passed(HASH);
        assertThat(verified.check(file).known(HASH)).isTrue();
        assertThat(verified.check(file).known("cd".repeat(32)))
                .as("another manifest hash")
                .isFalse();

        FileTime modified = Files.getLastModifiedTime(file);
        Thread.sleep(50); // past the file system's timestamp tick, so the write below moves the status-change time
        Files.writeString(file, "WEIGHTS");
        Files.setLastModifiedTime(file, modified);
        assertThat(Files.size(file)).isEqualTo(7);
        assertThat(verified.check(file).known(HASH))
                .as("same size and modification time, but its status-change time moved")
                .isFalse();
    }

    @Test
    void aFileChangedWhileItWasHashedIsNotRecorded(@TempDir Path temp) throws IOException, InterruptedException {
        Path file = Files.writeString(temp.resolve("model.onnx"), "weights");
        var verified = new VerifiedFiles(Optional.of(temp.resolve("cache")), Duration.ZERO);
        VerifiedFiles.Check check = verified.check(file);
        Thread.sleep(50); // past the file system's timestamp tick
        Files.writeString(file, "changed while hashing");
        check.passed(HASH);
        assertThat(verified.check(file).known(HASH)).isFalse();
    }

    @Test
    void aFileChangedMomentsBeforeItsCheckIsNotRecorded(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("model.onnx"), "weights");
        var verified = new VerifiedFiles(Optional.of(temp.resolve("cache")), VerifiedFiles.SETTLE);
        verified.check(file).passed(HASH);
        assertThat(verified.check(file).known(HASH)).isFalse();
    }

    @Test
    void withoutACacheEveryStartHashes(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("model.onnx"), "weights");
        var off = new VerifiedFiles(Optional.empty(), Duration.ZERO);
        off.check(file).passed(HASH);
        assertThat(off.check(file).known(HASH)).isFalse();
    }

    @Test
    void anUnwritableCacheOnlyCostsTheHashing(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("model.onnx"), "weights");
        Path notADirectory = Files.writeString(temp.resolve("cache"), "a file");
        var verified = new VerifiedFiles(Optional.of(notADirectory), Duration.ZERO);
        verified.check(file).passed(HASH);
        assertThat(verified.check(file).known(HASH)).isFalse();
    }
}
