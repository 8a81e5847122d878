package ser.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.features.wav.WavInfo;
import ser.features.wav.WavReader;

/**
 * End to end on the real RAVDESS WAV files, when they are available: bytes of the file -> vector, against librosa.
 *
 * <p>Where the WAVs come from, in order: system property {@code ravdess.wav} or environment variable
 * {@code RAVDESS_WAV} (a folder holding {@code Actor_NN/*.wav}); otherwise the shared dataset's {@code unpack}
 * script (found by walking up from the working directory to {@code shared/datasets/ravdess-speech/unpack}) restores
 * them into {@code target/ravdess-wav} (about 5 s, 489 MB, never committed). Without either the test is skipped
 * and says so on standard output.
 */
class RavdessIntegrationTest {
    private static Path wavRoot;

    @BeforeAll
    static void locate() throws IOException, InterruptedException {
        String given = System.getProperty("ravdess.wav", System.getenv("RAVDESS_WAV"));
        if (given != null && Files.isDirectory(Paths.get(given, "Actor_01"))) {
            wavRoot = Paths.get(given);
            return;
        }
        Path unpack = null;
        for (Path p = Paths.get("").toAbsolutePath(); p != null && unpack == null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets/ravdess-speech/unpack");
            if (Files.isExecutable(candidate)) unpack = candidate;
        }
        if (unpack == null) {
            System.out.println("SKIPPED RavdessIntegrationTest: no RAVDESS WAVs (set -Dravdess.wav=DIR) and no "
                    + "shared/datasets/ravdess-speech/unpack above " + Paths.get("").toAbsolutePath());
            return;
        }
        Path target = Paths.get("target/ravdess-wav").toAbsolutePath();
        Process proc = new ProcessBuilder(unpack.toString(), target.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        if (proc.waitFor() != 0) {
            System.out.println("SKIPPED RavdessIntegrationTest: " + unpack + " failed: " + out.strip());
            return;
        }
        System.out.println("RavdessIntegrationTest: " + out.strip().lines().reduce((a, b) -> b).orElse(""));
        wavRoot = target;
    }

    private static Path wav(String name) {
        return wavRoot.resolve("Actor_" + name.substring(name.length() - 2)).resolve(name + ".wav");
    }

    @Test
    void fixtureFilesFromBytesToVector() throws IOException {
        Assumptions.assumeTrue(wavRoot != null, "RAVDESS WAVs not available (see stdout)");
        double worst = 0;
        for (String name : Fixtures.FILES) {
            Path f = wav(name);
            Audio.Clip clip = Audio.loadNative(f, 0.5, 3.0);
            float[] nativeRef = Fixtures.f32(name + ".native");
            assertEquals(0, Compare.bitDifferences(clip.samples(), nativeRef), name + " native window");
            float[] x44 = Audio.load(f, FeatureParams.NOTEBOOK);
            assertEquals(0, Compare.bitDifferences(x44, Fixtures.f32(name + ".load44k")), name + " load44k");
            float[] v = Features.vector(f, FeatureParams.NOTEBOOK);
            double[] ref = Fixtures.f64(name + ".feature");
            double d = 0;
            for (int i = 0; i < 259; i++) d = Math.max(d, Math.abs(v[i] - (i < ref.length ? ref[i] : 0.0)));
            System.out.printf("RAVDESS %s (%d ch): native and load44k bit-exact, feature max|diff| %.3g%n", name, clip.channels(), d);
            worst = Math.max(worst, d);
        }
        System.out.printf("RAVDESS end to end, worst feature error over the 8 fixture files: %.3g (tol 1e-4)%n", worst);
        assertTrue(worst < 1e-4);
    }

    /** Every one of the 1200 files parses with the layout the dataset README documents. */
    @Test
    void allHeadersParse() throws IOException {
        Assumptions.assumeTrue(wavRoot != null, "RAVDESS WAVs not available (see stdout)");
        List<Path> files;
        try (Stream<Path> s = Files.walk(wavRoot)) {
            files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertEquals(1200, files.size());
        int stereo = 0;
        long minFrames = Long.MAX_VALUE;
        for (Path f : files) {
            WavInfo info = WavReader.info(f);
            assertEquals(48000, info.sampleRate(), f.toString());
            assertEquals(16, info.bitsPerSample(), f.toString());
            assertEquals(4096, info.dataOffset(), f + ": FLLR pads the samples to byte 4096");
            if (info.channels() == 2) stereo++;
            minFrames = Math.min(minFrames, info.frames());
        }
        assertEquals(5, stereo, "stereo files in actors 01-20");
        assertEquals(140941, minFrames, "shortest file");
    }
}
