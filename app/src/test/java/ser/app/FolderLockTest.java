package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.data.SyntheticCorpus;

/**
 * One writer per output folder, across processes: a second run on a folder held by another JVM is refused at once
 * with the holder's pid; a holder killed with SIGKILL leaves no lock behind, and the next run names it and takes
 * over.
 */
class FolderLockTest {

    @TempDir
    Path dir;

    /** A child JVM on the test classpath; its output goes to {@code log} (a pipe nobody reads would block it). */
    static Process childJvm(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(Relaunch.NO_RELAUNCH, "1");   // the process started is the one that holds the lock
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        return pb.start();
    }

    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void aFolderHeldByAnotherProcessIsRefusedAndAKilledHolderLeavesNoStuckLock() throws Exception {
        Path out = dir.resolve("out");
        Process holder = childJvm(null, "ser.app.FolderLockHolder", out.toString());
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertTrue(line != null && line.startsWith("locked "), String.valueOf(line));
            String pid = "pid " + holder.pid();
            for (String[] args : new String[][]{
                    {"train", "--out", out.toString(), "--epochs", "1"},
                    {"download", "--out", out.toString(), "--base-url", "http://127.0.0.1:1/", "--speech-md5", "none"},
                    {"evaluate", "--model", dir.resolve("none").toString(), "--out", out.toString()}}) {
                Cli c = Cli.run(args);
                assertEquals(2, c.code(), c.toString());
                assertTrue(c.lastErrorLine().contains(out + " is in use by " + pid), c.toString());
            }
            try (var files = Files.list(out)) {
                assertEquals(List.of(out.resolve(".lock")), files.toList(), "nothing was written into the held folder");
            }
        } finally {
            kill(holder);
        }
        // the kernel released the lock with the process; the file still names it, so the next run says what happened
        Cli next = Cli.run("download", "--out", out.toString(), "--base-url", "http://127.0.0.1:1/", "--speech-md5", "none",
                "--timeout", "2");
        assertEquals(2, next.code(), next.toString());
        assertTrue(next.err().contains("note: " + out.resolve(".lock") + " was left by pid " + holder.pid()), next.toString());
        assertTrue(next.lastErrorLine().contains("127.0.0.1:1"), "it went on to the download itself\n" + next);
        assertEquals(0, Files.size(out.resolve(".lock")), "a run that ends normally releases and empties the lock");
        Cli quiet = Cli.run("download", "--out", out.toString(), "--base-url", "http://127.0.0.1:1/", "--speech-md5", "none",
                "--timeout", "2");
        assertFalse(quiet.err().contains("note:"), quiet.toString());
    }

    @Test
    void twoTrainsOnOneFolder() throws Exception {
        Path data = dir.resolve("data");
        new SyntheticCorpus(3, 48000, 1.0, new int[]{1, 3, 5}, 1).write(data);
        Path out = dir.resolve("run");
        String[] args = {"train", "--data", data.toString(), "--test-actors", "5", "--epochs", "1000", "--out",
                out.toString(), "--cache", dir.resolve("cache-a").toString(), "--threads", "1", "--seed", "1"};
        Path log = dir.resolve("a.log");
        Process a = childJvm(log, "ser.app.Main", args);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Path lock = out.resolve(".lock");
            while (!(Files.isRegularFile(lock) && Files.readString(lock).contains("pid " + a.pid()))) {
                assertTrue(a.isAlive(), () -> "the first train ended early: " + read(log));
                assertTrue(System.nanoTime() < deadline, "the first train never took the lock");
                Thread.sleep(100);
            }
            Cli b = Cli.run("train", "--data", data.toString(), "--test-actors", "5", "--epochs", "1", "--out",
                    out.toString(), "--cache", dir.resolve("cache-b").toString(), "--threads", "1", "--seed", "2");
            assertEquals(2, b.code(), b.toString());
            assertTrue(b.lastErrorLine().contains("in use by pid " + a.pid() + " (train"), b.toString());
            assertFalse(b.out().contains("Epoch"), "the second run trained nothing");
            assertTrue(a.isAlive(), "the first run goes on undisturbed");
        } finally {
            kill(a);
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void featuresOutputsAreLockedAsFiles() throws Exception {
        Path npz = dir.resolve("f.npz");
        try (FolderLock held = FolderLock.acquireForFile(npz, "test", new PrintWriter(new StringWriter()))) {
            Cli c = Cli.run("features", "--out", npz.toString(), "--data", dir.toString());
            assertEquals(2, c.code(), c.toString());
            Path wav = dir.resolve("03-01-01-01-01-01-01.wav");
            new SyntheticCorpus(3, 16000, 1.0, new int[]{1}, 1).write(dir.resolve("d"));
            try (var w = Files.walk(dir.resolve("d"))) {
                Files.copy(w.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow(), wav);
            }
            c = Cli.run("features", wav.toString(), "--out", npz.toString());
            assertEquals(2, c.code(), c.toString());
            assertTrue(c.lastErrorLine().contains(npz + " is in use by pid " + ProcessHandle.current().pid()), c.toString());
            assertFalse(Files.exists(npz));
            assertTrue(held.file().toString().endsWith(".f.npz.lock"));
        }
        Path wav = dir.resolve("03-01-01-01-01-01-01.wav");
        Cli ok = Cli.run("features", wav.toString(), "--out", npz.toString());
        assertEquals(0, ok.code(), ok.toString());
    }
}
