package ser.app;

import java.io.PrintWriter;
import java.nio.file.Path;

/** A child JVM for tests: locks the folder args[0], prints "locked", then holds it until killed or stdin closes. */
public final class FolderLockHolder {

    private FolderLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "test-holder", err)) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock
            }
        }
    }
}
