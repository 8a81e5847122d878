package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ser.data.SyntheticCorpus;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.model.io.Npy;
import ser.model.io.NpyArray;
import ser.model.io.Npz;

/**
 * The command line end to end on a tiny synthetic corpus (4 male actors, 1.5 s clips): one short training run is
 * shared by the tests that need a model. Every bad input must give exit code 2 and one "error:" line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MainCliTest {

    @TempDir
    static Path dir;

    Path data;
    Path run;
    Path cache;
    Cli trained;

    @BeforeAll
    void trainOnce() throws IOException {
        data = dir.resolve("data");
        cache = dir.resolve("cache");
        new SyntheticCorpus(3, 48000, 1.5, new int[]{1, 3, 5, 7}, 1).write(data);
        run = dir.resolve("run");
        trained = Cli.run("train", "--data", data.toString(), "--test-actors", "7", "--epochs", "2", "--out", run.toString(),
                "--cache", cache.toString(), "--lr", "1e-3", "--threads", "2");
    }

    @Test
    void trainWritesModelLogsPlotsAndTestReport() throws IOException {
        assertEquals(0, trained.code(), trained.toString());
        for (String f : List.of("best/model.json", "last/model.json", "training.csv", "curves.png", "test-report.txt",
                "test-confusion.png", "test-predictions.csv")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing\n" + trained);
        }
        List<String> csv = Files.readAllLines(run.resolve("training.csv"));
        assertEquals("epoch,loss,acc,val_loss,val_acc,lr", csv.get(0));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(trained.out().contains("Epoch 2/2"), trained.out());
        // 4 actors x 5 kept emotions; actor 7's 5 clips are the test set; 15 x 3 = 45 pooled -> 36 / 9
        assertTrue(trained.out().contains("train 36, validation 9, test 5"), trained.out());
        List<String> predictions = Files.readAllLines(run.resolve("test-predictions.csv"));
        assertEquals("name,actual,predicted", predictions.get(0));
        assertEquals(6, predictions.size());
    }

    @Test
    void resumeContinuesFromTheLastEpochAndRefusesToOverwrite() throws IOException {
        assertEquals(0, trained.code(), trained.toString());
        Path copy = dir.resolve("resumed");
        copyTree(run, copy);
        String bestBefore = Files.readString(copy.resolve("best/model.json"));
        Cli again = Cli.run("train", "--data", data.toString(), "--test-actors", "7", "--epochs", "2", "--out", copy.toString(),
                "--cache", cache.toString());
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.lastErrorLine().contains("already holds a trained model"), again.lastErrorLine());
        assertEquals(bestBefore, Files.readString(copy.resolve("best/model.json")), "nothing saved is lost");

        Cli resumed = Cli.run("train", "--resume", "--data", data.toString(), "--test-actors", "7", "--epochs", "3",
                "--out", copy.toString(), "--cache", cache.toString());
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("resuming") && resumed.out().contains("Epoch 3/3"), resumed.out());
        assertTrue(!resumed.out().contains("Epoch 1/3"), resumed.out());
        assertEquals(4, Files.readAllLines(copy.resolve("training.csv")).size());
        assertTrue(resumed.out().contains("features ready"), resumed.out());
    }

    @Test
    void evaluateAndPredictUseTheSavedModel() throws IOException {
        assertEquals(0, trained.code(), trained.toString());
        Cli eval = Cli.run("evaluate", "--model", run.toString(), "--data", data.toString(), "--cache", cache.toString(),
                "--out", dir.resolve("eval").toString());
        assertEquals(0, eval.code(), eval.toString());
        assertTrue(eval.out().contains("actors [7] (5 recordings)") && eval.out().contains("macro F1"), eval.out());
        assertTrue(Files.isRegularFile(dir.resolve("eval/eval-confusion.png")));

        Path wav = data.resolve("Actor_07/03-01-05-01-01-01-07.wav");
        Cli p = Cli.run("predict", "--model", run.toString(), wav.toString());
        assertEquals(0, p.code(), p.toString());
        assertTrue(p.out().contains("male_negative") && p.out().contains("male_positive"), p.out());
        Cli pj = Cli.run("predict", "--model", run.resolve("best").toString(), "--json", wav.toString());
        assertEquals(0, pj.code(), pj.toString());
        JsonArray arr = JsonParser.parseString(pj.out()).getAsJsonArray();
        double sum = arr.get(0).getAsJsonObject().getAsJsonObject("probabilities").entrySet().stream()
                .mapToDouble(e -> e.getValue().getAsDouble()).sum();
        assertEquals(1.0, sum, 1e-5);

        // the same recording through `features` and `predict --features` gives the same label
        Path npy = dir.resolve("one.npy");
        Cli f = Cli.run("features", wav.toString(), "--out", npy.toString());
        assertEquals(0, f.code(), f.toString());
        Cli pf = Cli.run("predict", "--model", run.toString(), "--json", "--features", npy.toString());
        assertEquals(0, pf.code(), pf.toString());
        assertEquals(arr.get(0).getAsJsonObject().get("label"), JsonParser.parseString(pf.out()).getAsJsonArray().get(0)
                .getAsJsonObject().get("label"));
    }

    @Test
    void cleanProtocolHoldsOutValidationActorsAndAugmentsOnlyTraining() {
        Cli c = Cli.run("train", "--data", data.toString(), "--test-actors", "7", "--protocol", "clean", "--epochs", "1",
                "--out", dir.resolve("clean").toString(), "--cache", cache.toString());
        assertEquals(0, c.code(), c.toString());
        // actors 5 and 3 validate (5 clips each, no copies); actor 1 trains with two copies: 15
        assertTrue(c.out().contains("train 15, validation 10, test 5"), c.out());
        Cli bad = Cli.run("train", "--data", data.toString(), "--test-actors", "7", "--protocol", "clean", "--val-actors", "9",
                "--epochs", "1", "--out", dir.resolve("clean2").toString(), "--cache", cache.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.lastErrorLine().contains("--val-actors [9] have no recordings"), bad.lastErrorLine());
    }

    @Test
    void featuresWritesNpyAndNpzWithNamesAndFrames() throws IOException {
        Path wav = data.resolve("Actor_01/03-01-03-01-01-01-01.wav");
        Path npy = dir.resolve("f/one.npy");
        Files.createDirectories(npy.getParent());
        assertEquals(0, Cli.run("features", wav.toString(), "--out", npy.toString()).code());
        NpyArray a = Npy.read(npy);
        assertEquals(259, a.shape()[0]);
        float[] expected = Features.vector(wav, FeatureParams.NOTEBOOK);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, a.floats(), 0f);

        Path npz = dir.resolve("f/all.npz");
        Cli c = Cli.run("features", "--data", data.toString(), "--out", npz.toString(), "--threads", "2");
        assertEquals(0, c.code(), c.toString());
        Map<String, NpyArray> m = Npz.read(npz);
        assertEquals(32, m.get("names").shape()[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{32, 259}, m.get("x").shape());
        // 1.5 s clips from offset 0.5 s: 1.0 s at 44.1 kHz = 44100 samples -> 1 + 44100 / 512 = 87 frames
        assertEquals(87, m.get("frames").ints()[0]);
        assertEquals(1, m.get("actors").ints()[0]);
    }

    @Test
    void trainOnAFeaturesArchive() throws IOException {
        Random r = new Random(1);
        int n = 40;
        float[] x = new float[n * 259];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int t = 0; t < 259; t++) {
                x[i * 259 + t] = (float) (r.nextGaussian() + y[i]);
            }
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", NpyArray.ofFloats(x, n, 259));
        arrays.put("y", NpyArray.ofLongs(y, n));
        arrays.put("labels", NpyArray.ofStrings("calm", "angry"));
        Path npz = dir.resolve("feat.npz");
        Npz.write(npz, arrays);
        Cli c = Cli.run("train", "--features", npz.toString(), "--epochs", "1", "--out", dir.resolve("frun").toString());
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("train 32, validation 8, test 0"), c.out());

        arrays.put("x", NpyArray.ofInts(new int[n * 259], n, 259));
        Npz.write(npz, arrays);
        Cli bad = Cli.run("train", "--features", npz.toString(), "--epochs", "1", "--out", dir.resolve("frun2").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.lastErrorLine().contains("array 'x' has dtype <i4, expected float32"), bad.lastErrorLine());

        arrays.put("x", NpyArray.ofFloats(x, n, 259));
        arrays.put("y", NpyArray.ofLongs(new long[n - 1], n - 1));
        Npz.write(npz, arrays);
        bad = Cli.run("train", "--features", npz.toString(), "--epochs", "1", "--out", dir.resolve("frun3").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.lastErrorLine().contains("array 'y' must be integers of shape (40,)"), bad.lastErrorLine());
    }

    @Test
    void badDataFoldersAreOneLineErrors() throws IOException {
        Cli missing = Cli.run("train", "--data", dir.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertEquals("error: --data " + dir.resolve("nope") + " does not exist", missing.lastErrorLine());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Cli e = Cli.run("train", "--data", empty.toString());
        assertEquals(2, e.code());
        assertTrue(e.lastErrorLine().contains("holds no RAVDESS recordings"), e.toString());
        Path odd = Files.createDirectories(dir.resolve("odd"));
        Files.write(odd.resolve("hello.wav"), new byte[10]);
        Cli o = Cli.run("train", "--data", odd.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("skipped 1") && o.lastErrorLine().contains("1 .wav files with other names"), o.toString());
        Cli labels = Cli.run("train", "--data", data.toString(), "--labels", "4");
        assertEquals(2, labels.code());
        assertEquals("error: --labels must be 2, 3, 5 or 8, got 4", labels.lastErrorLine());
        Cli actors = Cli.run("train", "--data", data.toString(), "--cache", cache.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, actors.code());
        assertTrue(actors.lastErrorLine().contains("--test-actors [21, 23] have no recordings"), actors.lastErrorLine());
    }

    @Test
    void unreadableFilesStopWithTheirNameOrAreSkippedByOption() throws IOException {
        Path broken = dir.resolve("broken");
        copyTree(data, broken);
        Path bad = broken.resolve("Actor_03/03-01-04-01-01-01-03.wav");
        Files.write(bad, "this is not a RIFF file".getBytes());
        Cli stop = Cli.run("train", "--data", broken.toString(), "--test-actors", "7", "--epochs", "1", "--out",
                dir.resolve("b1").toString(), "--cache", cache.toString());
        assertEquals(2, stop.code(), stop.toString());
        assertTrue(stop.lastErrorLine().contains("03-01-04-01-01-01-03.wav"), stop.lastErrorLine());
        Cli skip = Cli.run("train", "--data", broken.toString(), "--test-actors", "7", "--epochs", "1", "--out",
                dir.resolve("b2").toString(), "--cache", cache.toString(), "--on-error", "skip");
        assertEquals(0, skip.code(), skip.toString());
        assertTrue(skip.err().contains("skipped 3 of 50"), skip.err());   // the file and its two augmented copies
    }

    @Test
    void corruptModelsAndBadInputsForPredict() throws IOException {
        assertEquals(0, trained.code(), trained.toString());
        Path model = dir.resolve("m");
        copyTree(run.resolve("best"), model);
        Path wav = data.resolve("Actor_07/03-01-05-01-01-01-07.wav");
        Path weights;
        try (var s = Files.list(model)) {
            weights = s.filter(p -> p.getFileName().toString().startsWith("weights-")).findFirst().orElseThrow();
        }
        byte[] w = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(w, w.length - 100));
        Cli c = Cli.run("predict", "--model", model.toString(), wav.toString());
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.lastErrorLine().startsWith("error: ") && c.lastErrorLine().contains("damaged or truncated"), c.toString());

        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all");
        Cli na = Cli.run("predict", "--model", run.toString(), text.toString());
        assertEquals(2, na.code(), na.toString());
        assertTrue(na.lastErrorLine().contains("notes.wav"), na.lastErrorLine());

        Path shortNpy = dir.resolve("short.npy");
        Npy.write(shortNpy, NpyArray.ofFloats(new float[100], 100));
        Cli sh = Cli.run("predict", "--model", run.toString(), "--features", shortNpy.toString());
        assertEquals(2, sh.code(), sh.toString());
        assertTrue(sh.lastErrorLine().contains("length 100, the model expects 259"), sh.lastErrorLine());

        Cli none = Cli.run("predict", "--model", dir.resolve("nomodel").toString(), wav.toString());
        assertEquals(2, none.code());
        assertTrue(none.lastErrorLine().contains("does not exist"), none.lastErrorLine());
    }

    @Test
    void aSignalStopsTrainingAfterTheBatchAndKeepsTheBestModel() throws Exception {
        assertEquals(0, trained.code(), trained.toString());
        Path out = dir.resolve("signal");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", data.toString(), "--test-actors", "7", "--epochs", "200", "--out", out.toString(),
                "--cache", cache.toString(), "--backend", "auto");
        // started without libjsig, so --backend auto makes it re-launch itself (SignalChaining): the signal below
        // goes to the parent only, which must pass it on and wait for the child
        pb.environment().remove("LD_PRELOAD");
        pb.environment().remove(Relaunch.NO_RELAUNCH);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("signal.log").toFile());
        Process p = pb.start();
        Path csv = out.resolve("training.csv");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && (!Files.exists(csv) || Files.readAllLines(csv).size() < 3)) {
            Thread.sleep(200);
        }
        List<ProcessHandle> children = p.descendants().toList();
        assertEquals(SignalChaining.libjsig().isPresent() ? 1 : 0, children.size(), "the re-launched child");
        p.destroy();    // SIGTERM runs the same shutdown hook as Ctrl-C (SIGINT)
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the run ends after the current batch");
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "the parent returns only after the child has finished");
        String log = Files.readString(dir.resolve("signal.log"));
        assertTrue(log.contains("interrupted: stopping after this batch"), log);
        int epochs = Files.readAllLines(csv).size() - 1;
        assertTrue(epochs >= 2 && epochs < 200, "stopped early after " + epochs + " epochs\n" + log);
        // the best and last models are complete and load
        assertEquals(0, Cli.run("summary", "--model", out.resolve("best").toString()).code());
        assertEquals(0, Cli.run("summary", "--model", out.resolve("last").toString()).code());
    }

    @Test
    void widthTrainsANarrowerNotebookNetworkThatSavesLoadsAndPredicts() throws IOException {
        Path tiny = dir.resolve("tiny");
        Cli t = Cli.run("train", "--data", data.toString(), "--test-actors", "7", "--epochs", "2", "--width", "0.125",
                "--out", tiny.toString(), "--cache", cache.toString(), "--lr", "1e-3", "--threads", "2");
        assertEquals(0, t.code(), t.toString());
        var saved = JsonParser.parseString(Files.readString(tiny.resolve("best/model.json"))).getAsJsonObject();
        String layers = saved.getAsJsonArray("layers").toString();
        assertTrue(layers.contains("\"filters\":32") && layers.contains("\"filters\":8") && !layers.contains("\"filters\":256"),
                layers);
        Cli s = Cli.run("summary", "--model", tiny.resolve("best").toString());
        assertEquals(0, s.code(), s.toString());
        assertTrue(s.out().contains("Total params: 20,626"), s.out());
        Cli sw = Cli.run("summary", "--width", "0.125");
        assertTrue(sw.out().contains("Total params: 20,626"), sw.out());
        Cli p = Cli.run("predict", "--model", tiny.toString(), data.resolve("Actor_07").toFile().listFiles()[0].toString());
        assertEquals(0, p.code(), p.toString());
        Cli r = Cli.run("train", "--data", data.toString(), "--recipe", "speaker-independent", "--width", "0.5",
                "--out", dir.resolve("bad-width").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.lastErrorLine().startsWith("error: --width narrows the notebook network"), r.lastErrorLine());
        for (String bad : List.of("0", "1.5", "-1")) {
            Cli b = Cli.run("train", "--data", data.toString(), "--width", bad, "--out", dir.resolve("bad-width").toString());
            assertEquals(2, b.code(), b.toString());
            assertTrue(b.lastErrorLine().startsWith("error: --width must be in (0, 1]"), b.lastErrorLine());
        }
    }

    @Test
    void summaryAndDevices() {
        Cli s = Cli.run("summary");
        assertEquals(0, s.code(), s.toString());
        assertTrue(s.out().contains("Total params: 1,283,202") && s.out().contains("dense_1 (Dense)"), s.out());
        Cli d = Cli.run("devices");
        assertEquals(0, d.code(), d.toString());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
