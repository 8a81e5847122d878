package ser.app;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * A command that writes an output folder (or file) and holds a {@link FolderLock} on it while it runs. The command
 * takes the lock in {@link #run()} once its arguments are checked; it is released however run() ends.
 */
abstract class FolderWritingCommand implements Callable<Integer> {

    /** Held for the run: no second process writes the same output. */
    protected FolderLock lock;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } finally {
            releaseLock();
        }
    }

    /** The command itself; sets {@link #lock} when it starts writing. */
    protected abstract Integer run() throws Exception;

    /** Releases the lock now (if held), e.g. before a Ctrl-C hook lets the JVM exit. */
    protected final void releaseLock() throws IOException {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }
}
