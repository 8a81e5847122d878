package ser.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ser.features.AudioFormatException;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.model.SavedModel;

/** The prediction path shared by {@code predict} and {@code serve}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictorTest {

    @TempDir
    static Path dir;
    Path modelDir;
    Predictor predictor;

    @BeforeAll
    void load() throws IOException {
        modelDir = TestModels.untrained(dir.resolve("model"), List.of("calm", "happy", "sad"), 3);
        predictor = Predictor.load(modelDir, 2);
    }

    @Test
    void fileAndBytesGiveTheFeatureOfFeaturesVectorAndTheNetworksOutput() throws IOException {
        Path wav = TestModels.wav(dir.resolve("voice.wav"), TestModels.voice(48000, 3.7, 0.5), 48000);
        Predictor.Prediction p = predictor.predict(wav);
        assertArrayEquals(Features.vector(wav, FeatureParams.NOTEBOOK), p.feature());
        float[] expected = SavedModel.load(modelDir).model()
                .predict(Reports.toModelInput(new float[][] {p.feature()}, 259), 1)[0];
        assertArrayEquals(expected, p.probabilities());
        assertEquals(Predictor.argmax(expected), p.best());
        assertEquals(List.of("calm", "happy", "sad").get(p.best()), p.label());

        byte[] bytes = Files.readAllBytes(wav);
        byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        Predictor.Prediction q = predictor.predict("upload.wav", padded, 5, bytes.length);
        assertArrayEquals(p.feature(), q.feature());
        assertArrayEquals(p.probabilities(), q.probabilities());
        assertEquals(48000, q.heard().sampleRate());
        assertEquals(3.7, q.heard().fileSeconds(), 1e-9);
        assertEquals(0.5, q.heard().windowStart(), 1e-9);
        assertEquals(3.5, q.heard().windowEnd(), 1e-9);
        assertTrue(q.heard().peakDbfs() < 0 && q.heard().peakDbfs() > -12, "peak " + q.heard().peakDbfs());
    }

    @Test
    void predictJsonPrintsWhatThePredictorAnswers() throws IOException {
        Path wav = TestModels.wav(dir.resolve("cli.wav"), TestModels.voice(22050, 2.0, 0.3), 22050);
        Cli c = Cli.run("predict", "--model", modelDir.toString(), "--json", wav.toString());
        assertEquals(0, c.code(), c.toString());
        JsonObject printed = JsonParser.parseString(c.out()).getAsJsonArray().get(0).getAsJsonObject();
        JsonObject direct = predictor.toJson(predictor.predict(wav), false);
        assertEquals(direct.get("label").toString(), printed.get("label").toString());
        assertEquals(direct.get("probabilities").toString(), printed.get("probabilities").toString());
        assertEquals(direct.get("feature_params").toString(), printed.get("feature_params").toString());
        assertEquals(direct.get("audio").toString(), printed.get("audio").toString());
        assertEquals(2.0, printed.getAsJsonObject("audio").get("seconds").getAsDouble(), 1e-9);
        assertEquals(2.0, printed.getAsJsonObject("audio").get("window_end_s").getAsDouble(), 1e-9);
        assertTrue(printed.getAsJsonObject("timings_ms").get("total").getAsDouble() > 0, printed.toString());
    }

    @Test
    void silentAndTooShortRecordingsAreRefusedWithTheirName() throws IOException {
        Path silent = TestModels.wav(dir.resolve("silent.wav"), new float[48000 * 4], 48000);
        SilentRecordingException s = assertThrows(SilentRecordingException.class, () -> predictor.predict(silent));
        assertTrue(s.getMessage().startsWith(silent.toString()) && s.getMessage().contains("silent")
                && s.getMessage().contains("-inf dBFS"), s.getMessage());
        Cli c = Cli.run("predict", "--model", modelDir.toString(), silent.toString());
        assertEquals(2, c.code(), c.toString());
        assertTrue(c.lastErrorLine().startsWith("error: " + silent) && c.lastErrorLine().contains("silent"), c.toString());

        Path tiny = TestModels.wav(dir.resolve("tiny.wav"), TestModels.voice(16000, 0.3, 0.5), 16000);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> predictor.predict(tiny));
        assertTrue(e.getMessage().contains("no audio after offset 0.5 s") && e.getMessage().contains("0.30 s long"),
                e.getMessage());
        assertThrows(AudioFormatException.class, () -> predictor.predict("junk", "not a wav".getBytes(), 0, 9));
    }

    @Test
    void concurrentPredictionsShareTheCopiesAndGiveTheSequentialAnswers() throws Exception {
        List<float[]> clips = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path w = TestModels.wav(dir.resolve("c" + i + ".wav"), TestModels.voice(16000, 1.0 + 0.4 * i, 0.1 + 0.1 * i), 16000);
            files.add(Files.readAllBytes(w));
            clips.add(predictor.predict(w).probabilities());
        }
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                for (int i = 0; i < files.size(); i++) {
                    byte[] b = files.get(i);
                    answers.add(pool.submit(() -> predictor.predict("x", b, 0, b.length).probabilities()));
                }
            }
            for (int k = 0; k < answers.size(); k++) {
                assertArrayEquals(clips.get(k % files.size()), answers.get(k).get(), "answer " + k);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, predictor.idleCopies());
    }
}
