package ser.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {

    @TempDir
    Path dir;

    @Test
    void writesValidRavdessNamesThatTheIndexReadsBack() throws IOException {
        SyntheticCorpus c = new SyntheticCorpus(7, 16000, 0.5, new int[]{1, 2}, 2);
        assertEquals(2 * 8 * 2, c.write(dir));
        List<String> warnings = new ArrayList<>();
        RavdessIndex index = RavdessIndex.scan(dir, warnings::add);
        assertEquals(32, index.files().size());
        assertEquals(List.of(), warnings);
        assertEquals(0, c.write(dir), "a second write keeps the clips already there");
        Path one = index.files().get(0).path();
        assertEquals(44 + 2 * 8000, Files.size(one));
    }

    /** The clips are readable like any file the user writes (0644 under the usual umask), not 0600. */
    @Test
    void clipsGetTheModeOfAnyNewFile() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "x");
        new SyntheticCorpus(7, 16000, 0.5, new int[]{1}, 1).write(dir.resolve("c"));
        try (var files = Files.walk(dir.resolve("c"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(p), p.toString());
            }
        }
    }

    @Test
    void isDeterministicAndProsodyDiffersByClass() {
        SyntheticCorpus c = new SyntheticCorpus(3, 16000, 2.0, new int[]{1}, 1);
        RavdessFile sad = RavdessFile.parse(Path.of("03-01-04-01-01-01-01.wav"));
        RavdessFile angry = RavdessFile.parse(Path.of("03-01-05-01-01-01-01.wav"));
        assertArrayEquals(c.clip(sad), c.clip(sad));
        double rmsSad = rms(c.clip(sad));
        double rmsAngry = rms(c.clip(angry));
        assertTrue(rmsAngry > 2 * rmsSad, "angry is louder than sad: rms " + rmsAngry + " vs " + rmsSad);
        double bAngry = brightness(c.clip(angry));
        double bSad = brightness(c.clip(sad));
        assertTrue(bAngry > 1.5 * bSad, "angry is brighter (flatter spectral tilt): " + bAngry + " vs " + bSad);
    }

    private static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }

    /**
     * mean |x[i] - x[i-1]| / mean |x[i]| over the voiced part (|x| above 5% of the peak, so the quiet noise floor
     * does not count): grows with the share of high frequencies, independent of level.
     */
    private static double brightness(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        double d = 0;
        double a = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(x[i]) > 0.05 * peak) {
                d += Math.abs(x[i] - x[i - 1]);
                a += Math.abs(x[i]);
            }
        }
        return d / a;
    }
}
