package dev.polybridge.bridge;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file access the Python context has: read-only, and only below an explicit list of roots
 * (the Python sources, GraalPy's own language home, and the model directories granted at run time).
 * Everything else is refused with {@link AccessDeniedException}, which Python sees as PermissionError.
 */
final class ReadableRootsFileSystem implements FileSystem {
    private final FileSystem delegate;
    private final List<Path> roots = new CopyOnWriteArrayList<>();

    /** @param readOnly the file system to read through; it must refuse writes itself */
    ReadableRootsFileSystem(FileSystem readOnly, List<Path> initialRoots) {
        this.delegate = readOnly;
        initialRoots.forEach(this::allow);
    }

    void allow(Path root) {
        Path normalized = root.toAbsolutePath().normalize();
        if (!roots.contains(normalized)) {
            roots.add(normalized);
        }
    }

    private Path checked(Path path) throws AccessDeniedException {
        Path absolute = delegate.toAbsolutePath(path).normalize();
        for (Path root : roots) {
            if (absolute.startsWith(root)) {
                return path;
            }
        }
        throw new AccessDeniedException(path.toString(), null, "outside the Python context's readable roots");
    }

    @Override
    public Path parsePath(URI uri) {
        return delegate.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return delegate.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... options) throws IOException {
        delegate.checkAccess(checked(path), modes, options);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        delegate.createDirectory(checked(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        delegate.delete(checked(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return delegate.newByteChannel(checked(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return delegate.newDirectoryStream(checked(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return delegate.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return delegate.toRealPath(checked(path), linkOptions);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return delegate.readAttributes(checked(path), attributes, options);
    }
}
