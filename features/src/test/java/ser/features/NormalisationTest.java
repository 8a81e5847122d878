package ser.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalisationTest {

    /** A [T][C] clip whose first `valid` frames are Gaussian around centre, the rest 0 (padding). */
    private static float[] clip(Random r, int T, int C, int valid, double centre, double spread) {
        float[] m = new float[T * C];
        for (int t = 0; t < valid; t++) {
            for (int c = 0; c < C; c++) m[t * C + c] = (float) (centre + c + spread * r.nextGaussian());
        }
        return m;
    }

    @Test
    void speakerStatisticsGiveZeroMeanUnitVarianceOverValidFramesAndKeepPadding() {
        Random r = new Random(1);
        int T = 50, C = 3;
        List<float[]> clips = List.of(clip(r, T, C, 50, -300, 20), clip(r, T, C, 31, -300, 20), clip(r, T, C, 44, -300, 20));
        Normalisation.Stats s = Normalisation.stats(clips, T, C);
        double[] sum = new double[C], sq = new double[C];
        int n = 0;
        for (float[] m : clips) {
            float[] z = Normalisation.apply(m, s, T, C);
            int valid = FrameFeatures.validFrames(m, T, C);
            for (int t = 0; t < T; t++) {
                for (int c = 0; c < C; c++) {
                    if (t >= valid) {
                        assertEquals(0f, z[t * C + c], "padding stays 0");
                    } else {
                        sum[c] += z[t * C + c];
                        sq[c] += z[t * C + c] * z[t * C + c];
                    }
                }
            }
            n += valid;
        }
        assertEquals(125, n);
        for (int c = 0; c < C; c++) {
            assertEquals(0, sum[c] / n, 1e-4, "mean of channel " + c);
            assertEquals(1, sq[c] / n, 1e-3, "variance of channel " + c);
            assertEquals(-300 + c, s.mean()[c], 6.0);
        }
    }

    @Test
    void constantChannelIsCentredNotBlownUpAndShapesAreChecked() {
        float[] m = {5, 1, 5, 2, 5, 3, 0, 0};             // T=4, C=2; channel 0 constant, frame 3 padding
        Normalisation.Stats s = Normalisation.stats(List.of(m), 4, 2);
        assertEquals(Normalisation.MIN_STD, s.std()[0], 1e-9);
        float[] z = Normalisation.apply(m, s, 4, 2);
        assertEquals(0f, z[0]);
        assertEquals(-Math.sqrt(1.5), z[1], 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalisation.apply(m, new Normalisation.Stats(new float[3], new float[3]), 4, 2));
        assertEquals("normalisation statistics have 3 channels but the features have 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalisation.Scope.parse("actor"));
    }
}
