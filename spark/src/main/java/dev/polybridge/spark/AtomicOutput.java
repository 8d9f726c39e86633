package dev.polybridge.spark;

import dev.polybridge.classify.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The job's output directory, replaced only by a complete one: Spark writes the records into a hidden sibling,
 * {@code .<name>.writing-<uuid>}, which is renamed to the output once every task has written its part. A failed
 * or killed run leaves the output as it was. Replacing an earlier output takes two renames; between them the
 * output is absent for a moment, never half-written.
 */
final class AtomicOutput {

    /** Spark's marker of a complete output. */
    private static final String SUCCESS = "_SUCCESS";

    enum Format {
        PARQUET,
        CSV
    }

    private final Path output;
    private final FileSystem fs;
    private final Format format;

    private AtomicOutput(Path output, FileSystem fs, Format format) {
        this.output = output;
        this.fs = fs;
        this.format = format;
    }

    /**
     * Checks the output location before any work: not the input, and either absent or an earlier complete output
     * (a directory holding {@code _SUCCESS}), so that a mistyped path never replaces unrelated files.
     *
     * @throws InputException naming the problem
     */
    static AtomicOutput at(String output, String input, Format format, Configuration hadoop) {
        try {
            Path out = new Path(output);
            FileSystem fs = out.getFileSystem(hadoop);
            Path qualified = fs.makeQualified(out);
            Path in = new Path(input);
            if (qualified.equals(in.getFileSystem(hadoop).makeQualified(in))) {
                throw new InputException("--output %s is the input; choose another path".formatted(output));
            }
            if (qualified.getParent() == null) {
                throw new InputException(
                        "--output %s is a root directory; choose a directory below it".formatted(output));
            }
            if (fs.exists(qualified)) {
                if (!fs.getFileStatus(qualified).isDirectory() || !fs.exists(new Path(qualified, SUCCESS))) {
                    throw new InputException(("--output %s exists and is not the output of an earlier run (a directory "
                                    + "with %s); choose another path, or remove it")
                            .formatted(output, SUCCESS));
                }
            } else {
                fs.mkdirs(qualified.getParent());
            }
            return new AtomicOutput(qualified, fs, format);
        } catch (IOException e) {
            throw new InputException("cannot use --output %s: %s".formatted(output, e.getMessage()), e);
        }
    }

    /** Writes {@code records}, one part file per partition in partition order, then puts them at the output. */
    void write(Dataset<Row> records) {
        Path temp = sibling("writing");
        try {
            switch (format) {
                case PARQUET -> records.write().parquet(temp.toString());
                case CSV ->
                    records.write()
                            .option("header", "true")
                            .option("quote", "\"")
                            .option("escape", "\"")
                            .csv(temp.toString());
            }
            replaceWith(temp);
        } catch (Exception e) {
            // Spark's writers also throw the checked SparkException, undeclared (Scala).
            deleteQuietly(temp, e);
            if (e instanceof IOException io) throw new UncheckedIOException("writing " + output + " failed", io);
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException("writing " + output + " failed: " + e.getMessage(), e);
        }
    }

    Path path() {
        return output;
    }

    private void replaceWith(Path complete) throws IOException {
        if (!fs.exists(output)) {
            rename(complete, output);
            return;
        }
        Path earlier = sibling("replaced");
        rename(output, earlier);
        try {
            rename(complete, output);
        } catch (IOException e) {
            rename(earlier, output);
            throw e;
        }
        fs.delete(earlier, true);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) throw new IOException("cannot rename %s to %s".formatted(from, to));
    }

    private Path sibling(String purpose) {
        return new Path(
                output.getParent(),
                ".%s.%s-%s"
                        .formatted(
                                output.getName(),
                                purpose,
                                UUID.randomUUID().toString().toLowerCase(Locale.ROOT)));
    }

    private void deleteQuietly(Path temp, Exception pending) {
        try {
            fs.delete(temp, true);
        } catch (IOException e) {
            pending.addSuppressed(e);
        }
    }
}
