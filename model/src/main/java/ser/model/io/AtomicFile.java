package ser.model.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Publishing a file so that any crash leaves the old file or the whole new one, the way SQLite commits a journal:
 * <ol>
 *   <li>write a temporary file {@code .NAME.RANDOM.tmp} beside the target (same folder, so same file system);</li>
 *   <li>{@code fsync} it, so its bytes are on the disk before any name points at them;</li>
 *   <li>rename it over the target ({@code rename(2)} replaces atomically);</li>
 *   <li>{@code fsync} the folder, so the rename itself survives a power cut.</li>
 * </ol>
 * Without step 2 a power cut after the rename can leave the target's name on an empty or partly written file (ext4
 * with delayed allocation, XFS); without step 4 the rename can be lost while a later file that refers to the target
 * survives. A kill of the process needs only steps 1 and 3. The temporary file gets the mode of any new file (0666
 * less the umask, e.g. 0644), not {@link Files#createTempFile}'s 0600, which the target would keep after the rename.
 *
 * <p>Every failure is an {@link IOException} whose message starts with the target's name and says what failed
 * ({@code runs/a/x.npy: cannot write (No space left on device)}): the JDK's own messages name only the temporary
 * file ({@code /proc/.x.npy.tmp}) or nothing at all ({@code No space left on device}). The temporary file is removed.
 */
public final class AtomicFile {

    /** Writes the content of the new file into {@code tmp}, an empty file that already exists. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    /** Sees every file and folder right after its fsync returned (tests check the order against the renames). */
    static volatile Consumer<Path> synced = p -> {
    };

    private AtomicFile() {
    }

    /** Writes {@code target} through a temporary file, fsync, rename and folder fsync (see the class comment). */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException(target + ": cannot create its folder " + dir + " (" + reason(e) + ")", e);
            }
            try {
                tmp = newTempFile(dir, "." + abs.getFileName());
                content.writeTo(tmp);
                sync(tmp);
            } catch (IOException e) {
                throw new IOException(target + ": cannot write (" + reason(e) + ")", e);
            }
            publish(tmp, abs);
            tmp = null;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the first failure is the one to report; the temporary file's name says what it is
                }
            }
        }
    }

    /** {@link #write} of the given bytes. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    /** {@link #write} of the given text, UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Renames {@code from} (a complete file, already fsynced) over {@code to} atomically where the file system
     * allows it, then fsyncs the folder. A crash point for the kill tests ({@link KillSwitch}) sits before the rename.
     */
    public static void publish(Path from, Path to) throws IOException {
        KillSwitch.point("rename " + from.getFileName() + " -> " + to);
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(to + ": cannot rename " + from.getFileName() + " to it (" + reason(e) + ")", e);
        }
        syncFolder(to.toAbsolutePath().getParent());
    }

    /** fsync of one file's content and metadata ({@code FileChannel.force(true)}). */
    public static void sync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        synced.accept(file);
    }

    /**
     * fsync of a folder, which makes the renames and creations in it durable. Best effort, as in SQLite: some
     * systems (Windows) cannot open a folder for it, and some file systems refuse it; the file's own fsync has
     * already happened, so a failure here is not reported.
     */
    public static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
            synced.accept(dir);
        } catch (IOException | UnsupportedOperationException ignored) {
            // see the method comment
        }
    }

    /**
     * A new empty file {@code PREFIX.RANDOM.tmp} in {@code dir} with the permissions of any new file (what the umask
     * leaves of 0666, e.g. 0644), unlike {@link Files#createTempFile}, whose 0600 the final file would keep after
     * the rename.
     */
    public static Path newTempFile(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * What went wrong, in words: the JDK's file-system exceptions carry the file as their message and the reason
     * only sometimes ({@code NoSuchFileException: /proc/.x.npy.tmp}); a plain write error carries only the reason
     * ({@code No space left on device}).
     */
    public static String reason(IOException e) {
        if (!(e instanceof FileSystemException f)) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String why = f.getReason() != null ? f.getReason()
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof NotDirectoryException ? "not a folder"
                : e instanceof FileAlreadyExistsException ? "exists and is not a folder"   // from createDirectories
                : e instanceof DirectoryNotEmptyException ? "a folder that is not empty"
                : e.getClass().getSimpleName();
        return f.getFile() == null ? why
                : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + why;
    }
}
