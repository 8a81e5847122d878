package ser.features.wav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.features.Audio;
import ser.features.AudioFormatException;
import ser.features.FeatureParams;
import ser.features.Features;

/** Float WAVs holding NaN, infinities or absurd amplitudes are refused with the file and the sample's time. */
class NonFiniteWavTest {

    @TempDir
    Path dir;

    static float[] tone(int n, int bad, float value) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (0.3 * Math.sin(i * 0.05));
        if (bad >= 0) v[bad] = value;
        return v;
    }

    @Test
    void nanInfAndHugeFloat32SamplesNameTheFileAndTime() {
        Object[][] cases = {{Float.NaN, "NaN"}, {Float.POSITIVE_INFINITY, "+Inf"}, {Float.NEGATIVE_INFINITY, "-Inf"},
                {1e30f, "amplitude 1.0000000150474662E30"}, {40000f, "amplitude 40000"}};
        for (Object[] c : cases) {
            Path f = TestWav.create().fmt(3, 1, 8000, 32).data(TestWav.float32(tone(16000, 12000, (Float) c[0])))
                    .write(dir.resolve("bad.wav"));
            AudioFormatException e = assertThrows(AudioFormatException.class,
                    () -> Audio.loadNative(f, 0, Double.POSITIVE_INFINITY));
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("1.500000 s (frame 12000, channel 0)"), e.getMessage());
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
            // and through the feature extraction every command uses
            assertThrows(AudioFormatException.class, () -> Features.vector(f, FeatureParams.NOTEBOOK));
        }
    }

    @Test
    void float64AndStereoAreCheckedPerChannel() {
        double[] d = new double[2 * 100];
        d[2 * 40 + 1] = Double.NaN;      // frame 40, right channel
        d[2 * 41] = 1e300;               // would round to +Inf in float32
        Path f = TestWav.create().fmt(3, 2, 8000, 64).data(TestWav.float64(d)).write(dir.resolve("st.wav"));
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.loadNative(f, 0, 1));
        assertTrue(e.getMessage().contains("frame 40, channel 1) is NaN"), e.getMessage());
        float[] cancel = new float[2 * 10];
        cancel[6] = 1e30f;
        cancel[7] = -1e30f;             // a mean of 0: only the per-channel check sees it
        Path g = TestWav.create().fmt(3, 2, 8000, 32).data(TestWav.float32(cancel)).write(dir.resolve("c.wav"));
        assertThrows(AudioFormatException.class, () -> Audio.loadNative(g, 0, 1));
    }

    @Test
    void onlyTheLoadedWindowIsCheckedAndInt16ScaleFloatsAreRead() throws IOException {
        Path f = TestWav.create().fmt(3, 1, 8000, 32).data(TestWav.float32(tone(16000, 12000, Float.NaN)))
                .write(dir.resolve("late.wav"));
        float[] first = Audio.loadNative(f, 0, 1.0).samples();   // frames 0..7999: before the NaN
        assertArrayEquals(tone(8000, -1, 0), first);
        Path loud = TestWav.create().fmt(3, 1, 8000, 32).data(TestWav.float32(32768f, -32768f, 0.5f))
                .write(dir.resolve("loud.wav"));
        assertArrayEquals(new float[] {32768f, -32768f, 0.5f}, Audio.loadNative(loud, 0, 1).samples());
    }
}
