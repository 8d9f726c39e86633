package dev.polybridge.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The output while it is being written: records go to {@code <output>.partial}, flushed after every
 * chunk, with {@code <output>.partial.json} beside it naming the job ({@link RunIdentity}). Only a
 * complete run is renamed, atomically, to {@code <output>}, so a reader never sees half a file and a
 * killed run leaves what {@code --resume} needs.
 */
public final class PartialOutput implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path output;
    private final OutputFormat format;
    private final boolean withText;
    private final FileChannel channel;
    private final BufferedWriter writer;
    private boolean writeFailed;

    private PartialOutput(Path output, OutputFormat format, boolean withText, FileChannel channel) {
        this.output = output;
        this.format = format;
        this.withText = withText;
        this.channel = channel;
        this.writer = new BufferedWriter(
                new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
    }

    public static Path partialPath(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial");
    }

    public static Path sidecarPath(Path output) {
        return output.resolveSibling(output.getFileName() + ".partial.json");
    }

    /**
     * The records a killed run of the same job left in the partial output; none when there is no partial output.
     *
     * @throws InputException when the partial output belongs to another job or its description is unreadable
     */
    public static OutputFormat.WrittenRecords resumable(Path output, RunIdentity identity) {
        Path partial = partialPath(output);
        if (!Files.exists(partial)) return null;
        Path sidecar = sidecarPath(output);
        RunIdentity saved;
        try {
            saved = JSON.readValue(sidecar.toFile(), RunIdentity.class);
        } catch (IOException e) {
            throw new InputException(
                    ("--resume: cannot read %s, which says what run %s belongs to (%s); "
                                    + "run without --resume to start over")
                            .formatted(sidecar, partial, e.getMessage()),
                    e);
        }
        List<String> differences = saved.differencesFrom(identity);
        if (!differences.isEmpty()) {
            throw new InputException(
                    "--resume: %s was written by a different run: %s; run without --resume to start over"
                            .formatted(partial, String.join("; ", differences)));
        }
        try {
            return identity.format().readBack(partial, identity.includeText());
        } catch (IOException e) {
            throw new InputException("--resume: cannot read %s: %s".formatted(partial, e.getMessage()), e);
        }
    }

    /**
     * Starts a new partial output, replacing any earlier one. The old records go before the new sidecar is
     * renamed into place, so a kill in between never pairs this run's identity with another run's records.
     */
    public static PartialOutput create(Path output, RunIdentity identity) throws IOException {
        FileChannel channel = FileChannel.open(
                partialPath(output),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Path sidecar = sidecarPath(output);
        Path sidecarTemp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
        try {
            JSON.writeValue(sidecarTemp.toFile(), identity);
            Files.move(sidecarTemp, sidecar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        PartialOutput out = new PartialOutput(output, identity.format(), identity.includeText(), channel);
        out.writer.write(identity.format().header(identity.includeText()));
        out.writer.flush();
        return out;
    }

    /** Continues a partial output after its complete records, dropping a torn record after them. */
    public static PartialOutput resume(Path output, RunIdentity identity, OutputFormat.WrittenRecords written)
            throws IOException {
        FileChannel channel = FileChannel.open(partialPath(output), StandardOpenOption.WRITE);
        channel.truncate(written.endByte);
        channel.position(written.endByte);
        PartialOutput out = new PartialOutput(output, identity.format(), identity.includeText(), channel);
        if (written.endByte == 0) {
            out.writer.write(identity.format().header(identity.includeText()));
            out.writer.flush();
        }
        return out;
    }

    /** Appends records and flushes them to the file. */
    public void write(List<OutputRecord> records) {
        try {
            for (OutputRecord record : records) writer.write(format.encode(record, withText));
            writer.flush();
        } catch (IOException e) {
            writeFailed = true;
            throw new UncheckedIOException("writing " + partialPath(output) + " failed", e);
        }
    }

    /** Syncs the partial output and renames it to the output in one atomic step. */
    public void commit() throws IOException {
        writer.flush();
        channel.force(true);
        writer.close();
        Files.move(partialPath(output), output, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(sidecarPath(output));
    }

    /**
     * Closes without committing: the partial output stays for {@code --resume}. After a failed write the records still
     * buffered are dropped rather than written again (the file ends with what --resume can use).
     */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) return;
        if (writeFailed) {
            channel.close();
        } else {
            writer.close();
        }
    }
}
