package dev.polybridge.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Compiled bytecode for the Python a context imports at start. GraalPy ships no .pyc files and the bridge's context may
 * not write any, so every start would parse the pipeline's modules from source again (docs/memory.md, "Start-up").
 * {@link #record} writes checked-hash .pyc files (PEP 552) for them into a folder, from a context that imported them;
 * a context whose {@link BridgeConfig#bytecode()} is that folder reads them, read-only, wherever they match. A
 * checked-hash .pyc is used only while the hash of its source is unchanged, so an edited source is parsed again,
 * never run stale.
 *
 * <p>{@code make build} records {@code target/python-bytecode} with {@link #main}, and {@code bin/jvm-args.sh} passes
 * it as {@code -Dpolybridge.python-bytecode=DIR}, which {@link BridgeConfig#defaults()} reads.
 */
public final class PythonBytecode {
    static final String PROPERTY = "polybridge.python-bytecode";
    private static final Logger LOG = Logger.getLogger(PythonBytecode.class.getName());
    private static final String RECORDER_MODULE = "polybridge_bytecode";

    private PythonBytecode() {}

    /**
     * The folder {@code -Dpolybridge.python-bytecode} names, or {@code null}. A .pyc file is code the context runs, and
     * its hash check only tells a changed source from an unchanged one (anyone who can write a .pyc can write one that
     * passes it), so a folder that other users may write to is refused, with a warning.
     */
    static Path configured() {
        return usable(System.getProperty(PROPERTY, ""));
    }

    static Path usable(String name) {
        if (name.isBlank()) return null;
        Path folder = Path.of(name);
        if (writableByOthers(folder)) {
            LOG.warning("-D" + PROPERTY + "=" + folder + " is not used: other users may write to it, and the Python"
                    + " context would run the code they put there");
            return null;
        }
        return folder;
    }

    private static boolean writableByOthers(Path folder) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
            return permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // missing (nothing to read) or not POSIX
        }
    }

    /**
     * Imports {@code modules} in a context configured like {@code config}, then writes a .pyc file into {@code folder}
     * for every module the context loaded from a source file. Returns how many.
     */
    public static int record(Path folder, BridgeConfig config, List<String> modules) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Files.createDirectories(root);
        if (Files.getFileStore(root).supportsFileAttributeView("posix")) {
            // Whatever the umask: a folder others may write to would be refused when read (usable).
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        int written = 0;
        try (PythonBridge bridge = PythonBridge.open(config.withBytecode(root))) {
            for (String module : modules) {
                bridge.load(module);
            }
            bridge.load(RECORDER_MODULE);
            for (Object entry : (List<?>) bridge.call("checked_hash_pycs")) {
                List<?> pathAndBytes = (List<?>) entry;
                Path file = Path.of((String) pathAndBytes.get(0)).normalize();
                if (!file.startsWith(root)) {
                    throw new IllegalStateException(file + " is not below " + root);
                }
                Files.createDirectories(file.getParent());
                Files.write(file, ((String) pathAndBytes.get(1)).getBytes(StandardCharsets.ISO_8859_1));
                written++;
            }
        }
        return written;
    }

    /** {@code PythonBytecode FOLDER MODULE...}: records the bytecode of what importing the modules loads. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PythonBytecode FOLDER MODULE... (e.g. target/python-bytecode"
                    + " polybridge_sentiment.pipeline)");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        int written = record(folder, BridgeConfig.defaults(), List.of(args).subList(1, args.length));
        System.out.println(written + " .pyc files in " + folder.toAbsolutePath().normalize());
    }
}
