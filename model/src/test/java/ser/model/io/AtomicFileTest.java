package ser.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @AfterEach
    void stopRecording() {
        AtomicFile.synced = p -> {
        };
    }

    /** The order SQLite relies on: the new bytes are on disk before the rename, the rename before returning. */
    @Test
    void theTemporaryFileIsSyncedBeforeTheRenameAndTheFolderAfter() throws IOException {
        Path target = dir.resolve("w.npz");
        Files.writeString(target, "old");
        List<String> steps = new ArrayList<>();
        AtomicFile.synced = p -> steps.add((p.equals(dir) ? "folder" : "file " + p.getFileName())
                + (Files.exists(p) ? "" : " (gone)") + ", target " + (isNew(target) ? "new" : "old"));
        Npz.write(target, Map.of("a", NpyArray.ofFloats(new float[]{1, 2}, 2)));
        assertEquals(2, steps.size(), steps.toString());
        assertTrue(steps.get(0).matches("file \\.w\\.npz\\.[0-9a-f]+\\.tmp, target old"), steps.toString());
        assertEquals("folder, target new", steps.get(1));
        assertEquals(2, Npz.read(target).get("a").size());
    }

    private static boolean isNew(Path target) {
        try {
            return !Files.readString(target).equals("old");
        } catch (IOException e) {
            return true;   // not text: the new .npz
        }
    }

    /** A saved model's weights file is durable under its final name before model.json, which names it, is written. */
    @Test
    void aPublishedFileIsFollowedByAFolderSync() throws IOException {
        Path from = dir.resolve(".new");
        Files.writeString(from, "x");
        List<Path> synced = new ArrayList<>();
        AtomicFile.synced = synced::add;
        AtomicFile.publish(from, dir.resolve("final"));
        assertEquals(List.of(dir), synced);
    }

    /** The JDK says only "No space left on device"; the message must say which file could not be written. */
    @Test
    void aFailedWriteNamesTheTargetAndLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("sub/x.npy");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, tmp -> {
            Files.writeString(tmp, "partial");
            throw new IOException("No space left on device");
        }));
        assertEquals(target + ": cannot write (No space left on device)", e.getMessage());
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(), files.toList(), "the temporary file is removed");
        }
    }

    /** A folder that cannot hold the temporary file: the message names the target, not only ".x.npy.tmp". */
    @Test
    void anUnwritableFolderNamesTheTarget() throws IOException {
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path folder = ro;
        if (Files.isWritable(ro)) {                  // root ignores the mode; /proc refuses new files even to root
            folder = Path.of("/proc");
            assumeTrue(Files.isDirectory(folder));
        }
        Path target = folder.resolve("x.npy");
        IOException e = assertThrows(IOException.class, () -> Npy.write(target, NpyArray.ofFloats(new float[]{1}, 1)));
        assertTrue(e.getMessage().startsWith(target + ": cannot write ("), e.getMessage());
        assertTrue(e.getMessage().matches(".*\\.x\\.npy\\.[0-9a-f]+\\.tmp: (permission denied|no such file or folder)\\)"),
                e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aFolderThatIsAFileNamesTheTarget() throws IOException {
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        Path target = file.resolve("x.npz");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(target, "y"));
        assertEquals(target + ": cannot create its folder " + file + " (" + file + ": exists and is not a folder)", e.getMessage());
    }

    /** Written files get the mode any new file gets (0644 under the usual umask), not createTempFile's 0600. */
    @Test
    void theNewFileHasTheModeOfAnyNewFile() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        Path target = dir.resolve("atomic.txt");
        AtomicFile.writeString(target, "y");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }
}
