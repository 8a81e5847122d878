package ser.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import ser.model.io.AtomicFile;

/**
 * One writer per output folder: an exclusive lock on {@code DIR/.lock}, held by this JVM for the whole run.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}: {@code fcntl} on Linux), so it is released
 * by the kernel when the process ends in any way, SIGKILL and power loss included; there is no stale lock that
 * blocks the next run. The file's content only says who holds it ({@code pid command start-time}) for messages. The
 * file is never deleted (deleting a lock file while another process waits on it lets two processes "hold" two
 * different files of one name); a clean release empties it instead. So a lock file that can be locked but still
 * names a process is the trace of a run that was killed: the next run says so, with the pid and start time, and
 * takes over. A lock held by a live process is refused at once with that process named, before anything in the
 * folder is read or written.
 *
 * <p>Another open lock of the same file in this JVM ({@link OverlappingFileLockException}) counts as "in use" too,
 * so two commands run in one JVM (tests, a server) are kept apart the same way.
 */
final class FolderLock implements AutoCloseable {

    static final String FILE = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} if needed and locks it for {@code command}; a note about a killed earlier run goes to
     * {@code notes}. Throws {@link UserError} naming the holder when another run has it.
     */
    static FolderLock acquire(Path dir, String command, PrintWriter notes) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + " is a file, not a folder; choose another --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(dir + ": cannot create the output folder (" + AtomicFile.reason(e) + ")", e);
        }
        return acquireFile(dir.resolve(FILE), dir.toString(), command, notes);
    }

    /** As {@link #acquire} for an output file: the lock is {@code .NAME.lock} beside it. */
    static FolderLock acquireForFile(Path file, String command, PrintWriter notes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IOException(file + ": cannot create its folder " + parent + " (" + AtomicFile.reason(e) + ")", e);
        }
        return acquireFile(parent.resolve("." + file.getFileName() + FILE), file.toString(), command, notes);
    }

    private static FolderLock acquireFile(Path lockFile, String what, String command, PrintWriter notes)
            throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException(what + ": cannot create its lock file (" + AtomicFile.reason(e) + ")", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw new IOException(lockFile + ": cannot lock (" + e.getMessage() + ")", e);
        }
        if (lock == null) {
            String holder = owner(ch).orElse("another run");
            ch.close();
            throw new UserError(what + " is in use by " + holder + " (lock " + lockFile + "); wait for it to end or"
                    + " choose another output; nothing was changed");
        }
        try {
            Optional<String> previous = owner(ch);
            if (previous.isPresent()) {
                notes.println("note: " + lockFile + " was left by " + previous.get()
                        + ", which ended without releasing it (killed?); taking over");
                notes.flush();
            }
            ProcessHandle self = ProcessHandle.current();
            String me = "pid " + self.pid() + " (" + command + ", started "
                    + self.info().startInstant().orElse(Instant.now()) + ")";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new FolderLock(lockFile, ch, lock);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The holder written in the file, if any. */
    private static Optional<String> owner(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 1024);
        if (size == 0) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        ch.read(b, 0);
        String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s.lines().findFirst().orElse(s));
    }

    Path file() {
        return file;
    }

    /** Empties the lock file (this run ended cleanly) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                channel.force(false);
            }
        } finally {
            channel.close();   // releases the lock
        }
    }
}
