package ser.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Played f times faster: the window keeps its length, every frequency is multiplied by f; f = 1 changes nothing. */
class SpeedPerturbationTest {

    @TempDir
    Path dir;

    /** A 16-bit mono WAV of a sine at hz, sr samples per second, seconds long. */
    static Path sine(Path file, double hz, int sr, double seconds) throws IOException {
        int n = (int) (sr * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sr).putInt(2 * sr).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(2 * n);
        for (int i = 0; i < n; i++) b.putShort((short) Math.round(12000 * Math.sin(2 * Math.PI * hz * i / sr)));
        Files.write(file, b.array());
        return file;
    }

    /** Frequency from the count of upward zero crossings. */
    static double frequency(float[] x, int sr) {
        int up = 0;
        for (int i = 1; i < x.length; i++) if (x[i - 1] < 0 && x[i] >= 0) up++;
        return up * (double) sr / x.length;
    }

    @Test
    void fasterRaisesThePitchAndKeepsTheWindow() throws IOException {
        Path wav = sine(dir.resolve("a.wav"), 1000, 48000, 5.0);
        FeatureParams p = FeatureParams.NOTEBOOK;
        for (double f : new double[] {0.9, 1.0, 1.1}) {
            float[] y = SpeedPerturbation.samples(wav, p, f);
            assertEquals(p.duration() * p.sampleRate(), y.length, 2, "factor " + f + ": the window stays 3 s long");
            assertEquals(1000 * f, frequency(y, p.sampleRate()), 3, "factor " + f);
        }
    }

    @Test
    void factorOneIsTheUnperturbedMatrix() throws IOException {
        Path wav = sine(dir.resolve("b.wav"), 440, 44100, 4.0);
        FrameParams p = FrameParams.mfcc(FeatureParams.NOTEBOOK, 1);
        assertArrayEquals(FrameFeatures.matrix(wav, p), SpeedPerturbation.matrix(wav, p, 1.0));
        assertEquals("", SpeedPerturbation.key(1.0));
        assertEquals(",speed=1.1000", SpeedPerturbation.key(1.1));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.samples(wav, FeatureParams.NOTEBOOK, 3));
    }
}
