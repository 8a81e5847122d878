package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/** Bad inputs whose message once named nothing, or the wrong thing: each now names the file and what is wrong. */
class ClearMessagesTest {

    @TempDir
    Path dir;

    @Test
    void aFolderGivenAsAudio() {
        Cli f = Cli.run("features", dir.toString(), "--out", dir.resolve("x.npy").toString());
        assertEquals(2, f.code(), f.toString());
        assertTrue(f.lastErrorLine().contains(dir + ": is a folder, not a WAV file"), f.toString());
    }

    @Test
    void aModelPathThatIsAFileAndATruncatedModelJson() throws IOException {
        Path model = NonFiniteCliTest.saveModel(dir.resolve("m"), false);
        Path wav = NonFiniteCliTest.floatWav(dir.resolve("a.wav"), 44100, 3.6, -1, 0);
        Cli file = Cli.run("predict", "--model", model.resolve("model.json").toString(), wav.toString());
        assertEquals(2, file.code(), file.toString());
        assertTrue(file.lastErrorLine().contains("model.json is a file") && !file.lastErrorLine().contains("does not exist"),
                file.toString());
        String json = Files.readString(model.resolve("model.json"));
        for (int cut : new int[]{1, json.length() / 3, json.length() / 2, json.length() - 3}) {
            Files.writeString(model.resolve("model.json"), json.substring(0, cut));
            Cli t = Cli.run("predict", "--model", model.toString(), wav.toString());
            assertEquals(2, t.code(), t.toString());
            assertTrue(t.lastErrorLine().contains(model.resolve("model.json").toString()), t.toString());
            assertFalse(t.err().contains("gson") || t.err().contains("Exception"), "no Gson internals: " + t);
        }
    }

    @Test
    void classIndicesWithoutLabelsAndDuplicateLabels() throws IOException {
        Path model = NonFiniteCliTest.saveModel(dir.resolve("m"), false);
        float[] x = new float[2 * 259];
        Path npz = dir.resolve("y7.npz");
        Npz.write(npz, Map.of("x", NpyArray.ofFloats(x, 2, 259), "y", NpyArray.ofInts(new int[]{7, 7}, 2)));
        Cli e = Cli.run("evaluate", "--model", model.toString(), "--features", npz.toString());
        assertEquals(2, e.code(), e.toString());
        assertTrue(e.lastErrorLine().contains(npz + ": array 'y' uses class 7") && e.lastErrorLine().contains("'labels'"),
                e.toString());
        Path dup = dir.resolve("dup.npz");
        Npz.write(dup, Map.of("x", NpyArray.ofFloats(x, 2, 259), "y", NpyArray.ofInts(new int[]{0, 1}, 2),
                "labels", NpyArray.ofStrings("neg", "neg")));
        Cli d = Cli.run("evaluate", "--model", model.toString(), "--features", dup.toString());
        assertEquals(2, d.code(), d.toString());
        assertTrue(d.lastErrorLine().contains(dup + ": array 'labels' names class 'neg' twice"), d.toString());
    }

    /** Training on a file whose labels name a class no row has would make an output that can never be learned. */
    @Test
    void surplusLabelNamesAreRefusedForTraining() throws IOException {
        int n = 40;
        float[] x = new float[n * 259];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        Path npz = dir.resolve("surplus.npz");
        Npz.write(npz, Map.of("x", NpyArray.ofFloats(x, n, 259), "y", NpyArray.ofInts(y, n),
                "labels", NpyArray.ofStrings("neg", "pos", "extra")));
        Path out = dir.resolve("run");
        Cli t = Cli.run("train", "--features", npz.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(2, t.code(), t.toString());
        assertTrue(t.lastErrorLine().contains(npz + ": array 'labels' names class 'extra' (index 2), but no row of 'y'"
                + " has it"), t.toString());
        assertFalse(Files.exists(out.resolve("training.csv")), t.toString());
    }

    @Test
    void weightsFilesGetTheSameModeAsOtherFiles() throws IOException {
        Path model = NonFiniteCliTest.saveModel(dir.resolve("m"), false);
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");   // what the umask gives any new file
        var expected = Files.getPosixFilePermissions(plain);
        try (var files = Files.list(model)) {
            for (Path p : files.toList()) {
                assertEquals(expected, Files.getPosixFilePermissions(p), p.toString());
            }
        }
    }

    /** A folder the output cannot be written into: the message names the output, never only a temporary file. */
    @Test
    void anUnwritableOutputFolderIsNamed() throws IOException {
        Path ro = dir.resolve("ro");
        Files.createDirectories(ro);
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        Path folder = ro;
        if (Files.isWritable(ro)) {                  // root ignores the mode; /proc refuses new files even to root
            folder = Path.of("/proc");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(folder));
        }
        Path wav = NonFiniteCliTest.floatWav(dir.resolve("a.wav"), 44100, 3.6, -1, 0);
        Path model = NonFiniteCliTest.saveModel(dir.resolve("m"), false);
        for (String[] args : new String[][]{
                {"features", wav.toString(), "--out", folder.resolve("x.npy").toString()},
                {"features", wav.toString(), wav.toString(), "--out", folder.resolve("x.npz").toString()},
                {"export", "--model", model.toString(), "--format", "onnx", "--out", folder.resolve("m.onnx").toString()},
                {"export", "--model", model.toString(), "--format", "npz", "--out", folder.resolve("w.npz").toString()},
                {"evaluate", "--model", model.toString(), "--features", wav.toString(), "--out",
                        folder.resolve("eval").toString()}}) {
            Cli c = Cli.run(args);
            String out = args[args.length - 1];
            assertEquals(2, c.code(), c.toString());
            assertTrue(c.lastErrorLine().startsWith("error: " + out + ": cannot "), c.toString());
            assertFalse(Files.exists(Path.of(out)), c.toString());
        }
    }
}
