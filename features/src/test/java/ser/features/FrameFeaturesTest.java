package ser.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ser.features.dsp.Decibels;
import ser.features.dsp.Delta;

/**
 * The frame-level matrices against librosa 0.6.3 (MFCC and mel fixtures) and librosa.feature.delta (the delta
 * fixtures: scipy.signal.savgol_filter on the MFCC fixtures, made by tools/delta_fixtures.py), with the tolerances
 * of the fixture README: MFCC abs 1e-3 and log-mel abs 1e-3 dB through the float32 path.
 */
class FrameFeaturesTest {

    private static final FeatureParams P = FeatureParams.NOTEBOOK;

    /** [rows][T] band-major fixture value at (row, t) against our [T][C] matrix at (t, offset + row). */
    private static double maxAbsTransposed(Fixtures.Matrix ref, float[] m, int channels, int offset) {
        double worst = 0;
        for (int r = 0; r < ref.rows(); r++) {
            for (int t = 0; t < ref.cols(); t++) {
                worst = Math.max(worst, Math.abs(ref.at(r, t) - m[t * channels + offset + r]));
            }
        }
        return worst;
    }

    @Test
    void mfccMatrixWithDeltasMatchesLibrosa() {
        double worstMfcc = 0, worstD1 = 0, worstD2 = 0;
        for (String f : new String[] {"03-01-05-02-01-01-01", "03-01-02-01-02-02-13"}) {
            FrameParams fp = FrameParams.mfcc(P, 2);
            float[] m = FrameFeatures.matrix(Fixtures.f32(f + ".load44k"), fp);
            assertEquals(259 * 39, m.length);
            Fixtures.Matrix mfcc = Fixtures.matrix(f + ".mfcc");
            worstMfcc = Math.max(worstMfcc, maxAbsTransposed(mfcc, m, 39, 0));
            worstD1 = Math.max(worstD1, maxAbsTransposed(Fixtures.matrix(f + ".delta1"), m, 39, 13));
            worstD2 = Math.max(worstD2, maxAbsTransposed(Fixtures.matrix(f + ".delta2"), m, 39, 26));
            assertEquals(mfcc.cols(), FrameFeatures.validFrames(m, 259, 39), f + ": valid frames");
            for (int i = mfcc.cols() * 39; i < m.length; i++) {
                assertEquals(0f, m[i], "padding after the clip's frames is 0");
            }
        }
        System.out.printf("frame matrix vs librosa: mfcc %.3g, delta %.3g, delta2 %.3g (tol 1e-3)%n", worstMfcc, worstD1, worstD2);
        assertTrue(worstMfcc < 1e-3, "mfcc " + worstMfcc);
        assertTrue(worstD1 < 1e-3, "delta " + worstD1);
        assertTrue(worstD2 < 1e-3, "delta2 " + worstD2);
    }

    /** Delta alone on librosa's float64 MFCC matrix: only summation order separates us from scipy. */
    @Test
    void deltaOfTheLibrosaMatrixMatchesSavgol() {
        for (String f : new String[] {"03-01-05-02-01-01-01", "03-01-02-01-02-02-13"}) {
            Fixtures.Matrix mfcc = Fixtures.matrix(f + ".mfcc");
            for (int order = 1; order <= 2; order++) {
                double[] d = new Delta(9, order).apply(mfcc.values(), mfcc.rows(), mfcc.cols());
                double err = Compare.maxAbs(d, Fixtures.f64(f + ".delta" + order));
                System.out.printf("delta order %d %s: max|diff| %.3g%n", order, f, err);
                assertTrue(err < 1e-9, "order " + order + ": " + err);
            }
        }
    }

    /** Order 1, width 9 is the regression slope sum k x[t+k] / 60, written out independently here. */
    @Test
    void firstOrderDeltaIsTheRegressionSlope() {
        int T = 20;
        double[] x = new double[T];
        java.util.Random r = new java.util.Random(3);
        for (int t = 0; t < T; t++) x[t] = r.nextGaussian();
        double[] d = new Delta(9, 1).apply(x, 1, T);
        for (int t = 0; t < T; t++) {
            int centre = Math.min(Math.max(t, 4), T - 5);   // 'interp': edges use the first or last full window
            double s = 0;
            for (int k = -4; k <= 4; k++) s += k * x[centre + k];
            assertEquals(s / 60, d[t], 1e-12, "t=" + t);
        }
        assertThrows(IllegalArgumentException.class, () -> new Delta(9, 1).apply(new double[8], 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new Delta(8, 1));
    }

    @Test
    void logMelMatrixMatchesLibrosaPowerToDb() {
        double worst = 0;
        for (String f : Fixtures.MEL_FILES) {
            Fixtures.Matrix mel = Fixtures.matrix(f + ".mel");
            double[] db = Decibels.powerToDb(mel.values().clone(), 80.0);
            float[] m = FrameFeatures.matrix(Fixtures.f32(f + ".load44k"), FrameParams.logMel(P, 0));
            worst = Math.max(worst, maxAbsTransposed(new Fixtures.Matrix(mel.rows(), mel.cols(), db), m, 128, 0));
        }
        System.out.printf("log-mel matrix vs librosa power_to_db(mel): max|diff| %.3g dB (tol 1e-3)%n", worst);
        assertTrue(worst < 1e-3, "log-mel " + worst);
    }

    @Test
    void parametersAreCheckedAndKeyed() {
        assertEquals(13 * 2, FrameParams.mfcc(P, 1).channels());
        assertEquals(64, FrameParams.logMel(new FeatureParams(44100, 0.5, 3, ResType.KAISER_FAST, 2048, 512, 64, 0,
                Double.NaN, 13, 80, 259), 0).channels());
        assertThrows(IllegalArgumentException.class, () -> FrameParams.logMel(P.withLength(259), 3));
        assertThrows(IllegalArgumentException.class, () -> FrameParams.logMel(new FeatureParams(44100, 0.5, 3,
                ResType.KAISER_FAST, 2048, 512, 32, 0, Double.NaN, 13, 80, 259), 0));
        assertTrue(!FrameParams.mfcc(P, 0).key().equals(FrameParams.mfcc(P, 1).key()));
        assertTrue(!FrameParams.mfcc(P, 0).key().equals(P.key()));
    }
}
