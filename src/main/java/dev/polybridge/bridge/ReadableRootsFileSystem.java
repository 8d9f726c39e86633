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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file access the Python context has: read-only, and only below an explicit list of roots: polybridge's and
 * GraalPy's own files (the packaged sources, GraalPy's language home) and the folders granted to it (the host Python
 * path, the compiled bytecode, the model directories granted at run time). Below a granted folder a path must lie
 * inside the roots both as written and with its symbolic links resolved, so that a link there cannot lead out of them
 * (a granted folder may itself be reached through a link). Links are not resolved below the own roots, which only the
 * jar and GraalPy itself fill and which an import probes hundreds of times. Everything else is refused with
 * {@link AccessDeniedException}, which Python sees as PermissionError.
 */
final class ReadableRootsFileSystem implements FileSystem {
    private final FileSystem delegate;
    private final List<Root> roots = new CopyOnWriteArrayList<>();

    /** A readable folder as given; {@code real} is where it resolves to (null while it does not exist). */
    private record Root(Path path, boolean granted, Path real) {}

    /** @param readOnly the file system to read through; it must refuse writes itself */
    ReadableRootsFileSystem(FileSystem readOnly, List<Path> ownRoots, List<Path> grantedRoots) {
        this.delegate = readOnly;
        ownRoots.forEach(root -> add(root, false));
        grantedRoots.forEach(this::allow);
    }

    void allow(Path root) {
        add(root, true);
    }

    private void add(Path root, boolean granted) {
        Path normalized = root.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(known -> known.path().equals(normalized))) {
            roots.add(new Root(normalized, granted, granted ? realPathOf(normalized) : null));
        }
    }

    private Path checked(Path path) throws AccessDeniedException {
        Path absolute = delegate.toAbsolutePath(path).normalize();
        if (roots.stream().noneMatch(root -> absolute.startsWith(root.path()))) {
            throw new AccessDeniedException(path.toString(), null, "outside the Python context's readable roots");
        }
        if (roots.stream().anyMatch(root -> !root.granted() && absolute.startsWith(root.path()))) {
            return path;
        }
        Path real = Objects.requireNonNullElse(realPathOf(absolute), absolute);
        if (roots.stream().noneMatch(root -> real.startsWith(root.path()) || real.startsWith(realPath(root)))) {
            throw new AccessDeniedException(
                    path.toString(), null, "a link leads outside the Python context's readable roots to " + real);
        }
        return path;
    }

    private Path realPath(Root root) {
        if (!root.granted() || root.real() != null) return Objects.requireNonNullElse(root.real(), root.path());
        Path real = realPathOf(root.path());
        if (real == null) return root.path();
        roots.replaceAll(known -> known == root ? new Root(root.path(), true, real) : known);
        return real;
    }

    /**
     * The path with every link resolved, as far as it exists: the resolved deepest existing ancestor followed by the
     * names below it that do not exist (yet). Null when not even the file system's root resolves.
     */
    private Path realPathOf(Path absolute) {
        Path missing = null;
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                Path real = delegate.toRealPath(existing);
                return missing == null ? real : real.resolve(missing);
            } catch (IOException | SecurityException e) {
                Path name = existing.getFileName();
                if (name == null) break;
                missing = missing == null ? name : name.resolve(missing);
            }
        }
        return null;
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
