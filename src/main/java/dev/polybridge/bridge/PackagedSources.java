package dev.polybridge.bridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import org.graalvm.polyglot.io.FileSystem;
import org.graalvm.python.embedding.VirtualFileSystem;

/**
 * polybridge's own Python modules (src/main/python), which the build puts inside the jar below
 * {@value #RESOURCE_DIRECTORY} with the file list GraalPy's virtual filesystem reads. The context sees them at
 * {@code <mount point>/src}, read from the jar, so a JVM needs no checkout and no unpacked copy to run them.
 */
final class PackagedSources {
    /** GraalPy's convention for a library's resources: GRAALPY-VFS/{groupId}/{artifactId}. */
    static final String RESOURCE_DIRECTORY = "GRAALPY-VFS/dev.polybridge/polybridge";

    private PackagedSources() {}

    static VirtualFileSystem open() {
        return VirtualFileSystem.newBuilder()
                .resourceDirectory(RESOURCE_DIRECTORY)
                // Resolved through this jar's class loader, which also holds the sources (a Spark executor loads
                // the application jar in a child loader of the one that may hold GraalPy).
                .resourceLoadingClass(PackagedSources.class)
                // Host paths fall through to a read-only view; ReadableRootsFileSystem narrows it to the allow-list.
                .allowHostIO(VirtualFileSystem.HostIO.READ)
                .build();
    }

    static Path mountPoint(VirtualFileSystem sources) {
        return Path.of(sources.getMountPoint());
    }

    static String sourceFolder(VirtualFileSystem sources) {
        return mountPoint(sources).resolve("src").toString();
    }

    /**
     * The polyglot file system of {@code sources}: the virtual filesystem for paths below its mount point, the host
     * (read-only) for the rest. python-embedding 25.0 hands it out only inside {@code GraalPyResources.contextBuilder},
     * whose context may read every host file; wrapping it in {@link ReadableRootsFileSystem} instead keeps the context
     * to its allow-list, so it is read from the field that builder uses.
     */
    static FileSystem fileSystem(VirtualFileSystem sources) {
        try {
            Field field = VirtualFileSystem.class.getDeclaredField("delegatingFileSystem");
            field.setAccessible(true);
            return (FileSystem) field.get(sources);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new BridgeException(
                    "cannot reach the file system of GraalPy's virtual filesystem (python-embedding "
                            + VirtualFileSystem.class.getPackage().getImplementationVersion()
                            + "; polybridge needs 25.0.x)",
                    e);
        }
    }

    static void close(VirtualFileSystem sources) {
        try {
            sources.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing GraalPy's virtual filesystem failed", e);
        }
    }
}
