package ser.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ser.data.SyntheticCorpus;
import ser.model.SavedModel;

/**
 * crossval and train --recipe end to end on a tiny synthetic corpus (actors 1-6, one clip per emotion, 1.5 s):
 * outputs, the actor-disjoint split as logged, what model.json records, and the one-line errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipeCliTest {

    @TempDir
    static Path dir;

    Path data;
    Path cache;
    Cli crossval;

    @BeforeAll
    void runOnce() throws IOException {
        data = dir.resolve("data");
        cache = dir.resolve("cache");
        new SyntheticCorpus(5, 48000, 1.5, new int[] {1, 2, 3, 4, 5, 6}, 1).write(data);
        crossval = Cli.run("crossval", "--data", data.toString(), "--folds", "1,2;3,4", "--epochs", "2", "--out",
                dir.resolve("cv").toString(), "--cache", cache.toString(), "--threads", "2");
    }

    @Test
    void crossvalWritesFoldsAndSummaryWithoutOverlap() throws IOException {
        assertEquals(0, crossval.code(), crossval.toString());
        Path cv = dir.resolve("cv");
        for (String f : List.of("crossval.txt", "crossval.json", "crossval-confusion.png", "fold-1/best/model.json",
                "fold-1/test-report.txt", "fold-1/test-confusion.png", "fold-2/test-predictions.csv")) {
            assertTrue(Files.isRegularFile(cv.resolve(f)), f + " missing\n" + crossval);
        }
        assertTrue(crossval.out().contains("fold 1: test actors [1, 2], validation actors [5, 6] (from the training side), "
                + "training actors [3, 4]; train 16, validation 16, test 16 clips"), crossval.out());
        assertTrue(crossval.out().contains("recipe speaker-independent"), crossval.out());
        JsonObject j = JsonParser.parseString(Files.readString(cv.resolve("crossval.json"))).getAsJsonObject();
        assertEquals(2, j.getAsJsonArray("folds").size());
        assertEquals(8, j.getAsJsonArray("labels").size(), "emotion labels without gender prefix");
        assertTrue(j.getAsJsonObject("summary").has("ua_mean"));
        List<String> predicted = Files.readAllLines(cv.resolve("fold-2/test-predictions.csv"));
        assertEquals(17, predicted.size());
        assertTrue(predicted.stream().skip(1).allMatch(l -> l.contains("-03.wav,") || l.contains("-04.wav,")),
                "fold 2 tests actors 3 and 4 only: " + predicted);
        JsonObject model = JsonParser.parseString(Files.readString(cv.resolve("fold-1/best/model.json"))).getAsJsonObject();
        assertTrue(model.getAsJsonArray("layers").toString().contains("\"class_name\":\"GlobalAveragePooling1D\""),
                "the recipe network's layers are in model.json");
        assertEquals("speaker", model.getAsJsonObject("feature_params").getAsJsonObject("normalisation").get("scope").getAsString());
        assertEquals("speaker-independent", model.getAsJsonObject("training").getAsJsonObject("recipe").get("name").getAsString());
        SavedModel.Loaded back = SavedModel.load(cv.resolve("fold-1/best"));
        assertEquals(List.of(259, 80), List.of(back.model().inputShape()[0], back.model().inputShape()[1]));
    }

    @Test
    void evaluateJsonReportsAccuracyUaAndMacroF1AndRefusesMismatchedFeatures() throws IOException {
        assertEquals(0, crossval.code(), crossval.toString());
        Path model = dir.resolve("cv/fold-1/best");
        Cli c = Cli.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json", "--cache", cache.toString());
        assertEquals(0, c.code(), c.toString());
        JsonObject j = JsonParser.parseString(c.out()).getAsJsonObject();
        assertEquals(16, j.get("samples").getAsInt(), "the fold's test actors 1 and 2, 8 clips each");
        for (String k : List.of("accuracy", "ua", "macro_f1")) {
            double v = j.get(k).getAsDouble();
            assertTrue(v >= 0 && v <= 1, k + " " + v);
        }
        JsonObject foldJson = JsonParser.parseString(Files.readString(dir.resolve("cv/crossval.json"))).getAsJsonObject()
                .getAsJsonArray("folds").get(0).getAsJsonObject();
        assertEquals(foldJson.get("ua").getAsDouble(), j.get("ua").getAsDouble(), 1e-12, "evaluate repeats crossval's score");

        Path bad = dir.resolve("bad-model");
        Files.createDirectories(bad);
        for (Path f : Files.list(model).toList()) Files.copy(f, bad.resolve(f.getFileName().toString()));
        String json = Files.readString(bad.resolve("model.json")).replace("\"deltas\": 1", "\"deltas\": 0");
        Files.writeString(bad.resolve("model.json"), json);
        c = Cli.run("evaluate", "--model", bad.toString(), "--data", data.toString(), "--cache", cache.toString());
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.lastErrorLine().endsWith("feature_params give 259 x 40 but the network takes [259, 80]"), c.lastErrorLine());
    }

    @Test
    void crossvalWithSeveralSeedsScoresTheMeanOfTheirProbabilities() throws IOException {
        Path cv = dir.resolve("cv-seeds");
        Cli c = Cli.run("crossval", "--data", data.toString(), "--folds", "1,2;3,4", "--only-folds", "1", "--epochs", "1",
                "--seeds", "1,2", "--filters", "8,8,8,8", "--dropout", "0.5", "--mask-padding", "--out", cv.toString(),
                "--cache", cache.toString(), "--threads", "2");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("with [8, 8, 8, 8] filters, GlobalAveragePooling1D (padded frames masked), Dropout(0.5)"), c.out());
        assertTrue(c.out().contains("ensemble       mean probabilities of seeds [1, 2]"), c.out());
        List<List<Double>> p = new java.util.ArrayList<>();
        for (String f : List.of("fold-1/seed-1", "fold-1/seed-2", "fold-1")) {
            List<String> rows = Files.readAllLines(cv.resolve(f).resolve("test-predictions.csv"));
            assertTrue(rows.get(0).startsWith("name,actual,predicted,p_angry,p_calm"), rows.get(0));
            p.add(java.util.Arrays.stream(rows.get(1).split(",")).skip(3).map(Double::parseDouble).toList());
        }
        for (int k = 0; k < 8; k++) {
            assertEquals((p.get(0).get(k) + p.get(1).get(k)) / 2, p.get(2).get(k), 2e-5, "class " + k);
        }
        Cli sp = Cli.run("crossval", "--data", data.toString(), "--folds", "1,2;3,4", "--only-folds", "1", "--epochs", "1",
                "--speed", "0.9,1.1", "--filters", "8,8,8,8", "--out", dir.resolve("cv-speed").toString(),
                "--cache", cache.toString(), "--threads", "2");
        assertEquals(0, sp.code(), sp.toString());
        assertTrue(sp.out().contains("speed perturbation: each training clip played at one of x1, x0.9, x1.1 (drawn per epoch)"), sp.out());
        assertTrue(sp.out().contains("features played x1.1 faster"), sp.out());
        Cli bad = Cli.run("crossval", "--data", data.toString(), "--speed", "1", "--out", dir.resolve("w").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertEquals("error: --speed: factors must be in [0.5, 2] and not 1, got 1.0", bad.lastErrorLine());
        bad = Cli.run("crossval", "--data", data.toString(), "--filters", "8,8", "--out", dir.resolve("w").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertEquals("error: --filters: the network has 4 convolution blocks, got 2 widths", bad.lastErrorLine());
    }

    @Test
    void predictNormalisesPerUtteranceByDefaultAndByAnEnrolledSpeaker() throws IOException {
        assertEquals(0, crossval.code(), crossval.toString());
        Path model = dir.resolve("cv/fold-1/best");
        Path actor = data.resolve("Actor_01");
        Path wav;
        try (Stream<Path> s = Files.list(actor)) {
            wav = s.filter(p -> p.toString().endsWith(".wav")).sorted().findFirst().orElseThrow();
        }
        Cli plain = Cli.run("predict", "--model", model.toString(), "--json", wav.toString());
        assertEquals(0, plain.code(), plain.toString());
        assertTrue(plain.err().contains("without --speaker-stats each clip is normalised by its own statistics"), plain.err());
        JsonObject p0 = JsonParser.parseString(plain.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("utterance", p0.get("normalisation").getAsString());

        Path stats = dir.resolve("enrolled/actor01.json");
        Cli enroll = Cli.run("predict", "--model", model.toString(), "--json", "--speaker-stats", actor.toString(),
                "--save-speaker-stats", stats.toString(), wav.toString());
        assertEquals(0, enroll.code(), enroll.toString());
        JsonObject p1 = JsonParser.parseString(enroll.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("speaker", p1.get("normalisation").getAsString());
        assertTrue(Files.isRegularFile(stats));
        Cli reuse = Cli.run("predict", "--model", model.toString(), "--json", "--speaker-stats", stats.toString(), wav.toString());
        assertEquals(0, reuse.code(), reuse.toString());
        JsonObject p2 = JsonParser.parseString(reuse.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals(p1.get("probabilities"), p2.get("probabilities"), "the saved statistics give the folder's numbers");
        assertTrue(!p0.get("probabilities").equals(p1.get("probabilities")), "per speaker differs from per utterance");

        // the network sees exactly what evaluate gives it: actor 1's clips normalised by actor 1's statistics
        JsonObject saved = JsonParser.parseString(Files.readString(model.resolve("model.json"))).getAsJsonObject()
                .getAsJsonObject("feature_params").getAsJsonObject("normalisation").getAsJsonObject("speakers")
                .getAsJsonObject("actor_01");
        JsonObject mine = JsonParser.parseString(Files.readString(stats)).getAsJsonObject();
        assertEquals(saved.get("mean"), mine.get("mean"));

        Path wrong = dir.resolve("enrolled/wrong.json");
        Files.writeString(wrong, "{\"mean\": [0, 0, 0], \"std\": [1, 1, 1]}");
        Cli bad = Cli.run("predict", "--model", model.toString(), "--speaker-stats", wrong.toString(), wav.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertEquals("error: --speaker-stats " + wrong + ": speaker statistics must hold 'mean' and 'std' of 80 values each"
                + " (the model's channels), got 3 and 3", bad.lastErrorLine());
        Files.writeString(wrong, Files.readString(stats).replace("\"channels\": 80", "\"channels\": 40"));
        bad = Cli.run("predict", "--model", model.toString(), "--speaker-stats", wrong.toString(), wav.toString());
        assertEquals(2, bad.code(), bad.toString());
        assertEquals("error: --speaker-stats " + wrong + ": statistics of 40 channels, the model takes 80", bad.lastErrorLine());
    }

    @Test
    void trainWithTheRecipeHoldsOutTestAndValidationActors() throws IOException {
        Path out = dir.resolve("train");
        Cli c = Cli.run("train", "--recipe", "speaker-independent", "--no-gender-prefix", "--labels", "8", "--gender", "both",
                "--data", data.toString(), "--test-actors", "1,2", "--epochs", "1", "--out", out.toString(),
                "--cache", cache.toString(), "--threads", "2");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("validation actors [5, 6] (from the training side), training actors [3, 4]"), c.out());
        assertTrue(c.out().contains("normalisation  speaker"), c.out());
        assertTrue(Files.isRegularFile(out.resolve("best/model.json")));
    }

    /** 1 epoch, then --resume to 2: the weights and Adam's state of a straight 2-epoch run, bit for bit. */
    @Test
    void trainResumesAnAdamRunExactly() throws IOException {
        List<String> common = List.of("train", "--recipe", "speaker-independent", "--no-gender-prefix", "--labels", "8",
                "--gender", "both", "--data", data.toString(), "--test-actors", "1,2", "--cache", cache.toString(),
                "--threads", "2");
        Path straight = dir.resolve("resume-straight");
        Path split = dir.resolve("resume-split");
        Cli a = Cli.run(concat(common, "--epochs", "2", "--out", straight.toString()));
        assertEquals(0, a.code(), a.toString());
        Cli b = Cli.run(concat(common, "--epochs", "1", "--out", split.toString()));
        assertEquals(0, b.code(), b.toString());
        Cli again = Cli.run(concat(common, "--epochs", "1", "--out", split.toString()));
        assertEquals(2, again.code(), again.toString());
        assertTrue(again.lastErrorLine().contains("pass --resume to continue it"), again.lastErrorLine());
        Cli other = Cli.run(concat(common, "--epochs", "2", "--lr", "0.01", "--resume", "--out", split.toString()));
        assertEquals(2, other.code(), other.toString());
        assertTrue(other.lastErrorLine().endsWith("recipe differs from this command's (lr: saved 0.001, now 0.01); only --epochs may change"),
                other.lastErrorLine());
        Cli c = Cli.run(concat(common, "--epochs", "2", "--resume", "--out", split.toString()));
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("resuming " + split + " at epoch 2"), c.out());
        assertTrue(c.out().contains("Epoch 2/2") && !c.out().contains("Epoch 1/2"), c.out());
        assertEquals(3, Files.readAllLines(split.resolve("training.csv")).size(), "header and both epochs");
        SavedModel.Loaded x = SavedModel.load(straight.resolve("last"));
        SavedModel.Loaded y = SavedModel.load(split.resolve("last"));
        for (int i = 0; i < x.model().weights().size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(x.model().weights().get(i).value().data(),
                    y.model().weights().get(i).value().data(), x.model().weights().get(i).path());
        }
        var mx = ((ser.engine.optim.Adam) x.model().optimizer()).secondMoments();
        var my = ((ser.engine.optim.Adam) y.model().optimizer()).secondMoments();
        assertEquals(mx.keySet(), my.keySet());
        for (String k : mx.keySet()) org.junit.jupiter.api.Assertions.assertArrayEquals(mx.get(k), my.get(k), k);
        assertEquals(x.model().optimizer().iterations(), y.model().optimizer().iterations());
    }

    private static String[] concat(List<String> a, String... more) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void plotFeaturesDrawsRawAndNormalisedPanels() throws IOException {
        Path png = dir.resolve("clip.png");
        Cli c = Cli.run("plot-features", "--data", data.toString(), "--static-only", "--out", png.toString(),
                "--cache", cache.toString(), "03-01-05-01-01-01-03.wav");
        assertEquals(0, c.code(), c.toString());
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertEquals(20 + 259 * 3 + 20, img.getWidth());
        assertTrue(img.getHeight() > 3 * 40 * 2, "three panels of 40 coefficients");
        c = Cli.run("plot-features", "--data", data.toString(), "--out", png.toString(), "03-01-05-01-01-01-09.wav");
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.lastErrorLine().startsWith("error: 03-01-05-01-01-01-09.wav: no such recording in"), c.lastErrorLine());
    }

    @Test
    void badInputIsOneLineError() throws IOException {
        Cli c = Cli.run("train", "--recipe", "fast", "--data", data.toString());
        assertEquals(2, c.code(), c.toString());
        assertEquals("error: --recipe: unknown recipe 'fast'; known recipes: notebook, speaker-independent", c.lastErrorLine());

        c = Cli.run("crossval", "--data", data.toString(), "--folds", "1,2;2,3", "--out", dir.resolve("x").toString(),
                "--cache", cache.toString());
        assertEquals(2, c.code(), c.toString());
        assertEquals("error: --folds: fold 2: actor 2 is already a test actor of another fold", c.lastErrorLine());

        Path holes = dir.resolve("holes");
        copyTree(data, holes);
        try (Stream<Path> s = Files.walk(holes)) {      // no angry clip (emotion 05) of the training actors 3 and 4
            for (Path p : s.filter(p -> p.getFileName().toString().matches("03-01-05-.*-0[34]\\.wav")).toList()) {
                Files.delete(p);
            }
        }
        c = Cli.run("crossval", "--data", holes.toString(), "--folds", "1,2", "--epochs", "1", "--out",
                dir.resolve("y").toString(), "--cache", cache.toString());
        assertEquals(2, c.code(), c.toString());
        assertEquals("error: fold 1: class 'angry' has no training recordings (actors [3, 4]); choose other --folds or --labels",
                c.lastErrorLine());

        c = Cli.run("crossval", "--data", data.toString(), "--norm", "actor", "--out", dir.resolve("z").toString());
        assertEquals(2, c.code(), c.toString());
        assertEquals("error: normalisation must be speaker, utterance, global or none, got 'actor'", c.lastErrorLine());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
