package ser.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ser.features.dsp.Decibels;
import ser.features.dsp.Mfcc;
import ser.features.dsp.Resampler;

/**
 * Every stage after decoding against librosa 0.6.3 (fixtures of 8 RAVDESS files; tolerances from the fixture
 * README, which measured the float32-vs-float64 spread of librosa's own pipeline). Prints the worst errors.
 */
class LibrosaFixtureTest {
    private static final FeatureParams P = FeatureParams.NOTEBOOK;

    /** mel: relative 1e-4 above 1e-6 max; the same in dB: abs 1e-3 dB. Input: the load44k fixture, float32 path. */
    @Test
    void melSpectrogram() {
        double worstRel = 0, worstDb = 0;
        for (String f : Fixtures.MEL_FILES) {
            Fixtures.Matrix ref = Fixtures.matrix(f + ".mel");
            Mfcc.Stages s = new Mfcc(P).stages(Fixtures.f32(f + ".load44k"));
            assertEquals(ref.rows(), P.nMels());
            assertEquals(ref.cols(), s.frames(), f + " frames");
            double rel = Compare.maxRel(s.melPower(), ref.values(), 1e-6 * Compare.max(ref.values()));
            double db = Compare.maxAbs(Decibels.powerToDb(s.melPower().clone(), Double.POSITIVE_INFINITY),
                    Decibels.powerToDb(ref.values().clone(), Double.POSITIVE_INFINITY));
            System.out.printf("mel %s (128x%d): max rel %.3g (elements > 1e-6 max), max |dB diff| %.3g%n", f, s.frames(), rel, db);
            worstRel = Math.max(worstRel, rel);
            worstDb = Math.max(worstDb, db);
        }
        System.out.printf("mel worst: rel %.3g, dB %.3g%n", worstRel, worstDb);
        assertTrue(worstRel < 1e-4, "mel rel " + worstRel);
        assertTrue(worstDb < 1e-3, "mel dB " + worstDb);
    }

    /** mfcc abs 1e-3 and feature abs 1e-4 through the notebook's float32 path, from the load44k fixture. */
    @Test
    void mfccAndFeatureFloat32Path() {
        double worstMfcc = 0, worstFeature = 0;
        for (String f : Fixtures.FILES) {
            Fixtures.Matrix ref = Fixtures.matrix(f + ".mfcc");
            double[] refFeature = Fixtures.f64(f + ".feature");
            Mfcc.Stages s = new Mfcc(P).stages(Fixtures.f32(f + ".load44k"));
            assertEquals(13, ref.rows());
            assertEquals(ref.cols(), s.frames());
            double m = Compare.maxAbs(s.mfcc(), ref.values());
            double v = Compare.maxAbs(Mfcc.frameMean(s.mfcc(), 13, s.frames()), refFeature);
            System.out.printf("mfcc %s (13x%d): max|diff| %.3g; feature max|diff| %.3g%n", f, s.frames(), m, v);
            worstMfcc = Math.max(worstMfcc, m);
            worstFeature = Math.max(worstFeature, v);
        }
        System.out.printf("float32 path worst: mfcc %.3g (tol 1e-3), feature %.3g (tol 1e-4)%n", worstMfcc, worstFeature);
        assertTrue(worstMfcc < 1e-3, "mfcc " + worstMfcc);
        assertTrue(worstFeature < 1e-4, "feature " + worstFeature);
    }

    /** The MFCC stage alone in float64, fed the load44k fixture: mfcc abs 1e-4, feature abs 1e-5. */
    @Test
    void mfccStageInDouble() {
        double worstMfcc = 0, worstFeature = 0;
        for (String f : Fixtures.FILES) {
            float[] x = Fixtures.f32(f + ".load44k");
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) xd[i] = x[i];
            Mfcc.Stages s = new Mfcc(P).stages(xd);
            double m = Compare.maxAbs(s.mfcc(), Fixtures.f64(f + ".mfcc"));
            double v = Compare.maxAbs(Mfcc.frameMean(s.mfcc(), 13, s.frames()), Fixtures.f64(f + ".feature"));
            worstMfcc = Math.max(worstMfcc, m);
            worstFeature = Math.max(worstFeature, v);
        }
        System.out.printf("float64 MFCC stage worst: mfcc %.3g (tol 1e-4), feature %.3g (tol 1e-5)%n", worstMfcc, worstFeature);
        assertTrue(worstMfcc < 1e-4, "mfcc " + worstMfcc);
        assertTrue(worstFeature < 1e-5, "feature " + worstFeature);
    }

    /** No resampling: librosa.feature.mfcc on the 48 kHz window. */
    @Test
    void mfcc48k() {
        FeatureParams p48 = P.withSampleRate(48000);
        double worstMfcc = 0, worstFeature = 0;
        for (String f : Fixtures.FILES_48K) {
            Fixtures.Matrix ref = Fixtures.matrix(f + ".mfcc48k");
            Mfcc.Stages s = new Mfcc(p48).stages(Fixtures.f32(f + ".native"));
            assertEquals(ref.cols(), s.frames());
            worstMfcc = Math.max(worstMfcc, Compare.maxAbs(s.mfcc(), ref.values()));
            worstFeature = Math.max(worstFeature, Compare.maxAbs(Mfcc.frameMean(s.mfcc(), 13, s.frames()), Fixtures.f64(f + ".feature48k")));
        }
        System.out.printf("48 kHz worst: mfcc48k %.3g (tol 1e-3), feature48k %.3g (tol 1e-4)%n", worstMfcc, worstFeature);
        assertTrue(worstMfcc < 1e-3);
        assertTrue(worstFeature < 1e-4);
    }

    /** Decoded window -> Features.vector: resampler + MFCC + mean + fillna(0) to 259. */
    @Test
    void featureVectorFromNativeWindow() {
        double worst = 0;
        int notNearest = 0;
        for (String f : Fixtures.FILES) {
            float[] x44 = Resampler.resample(Fixtures.f32(f + ".native"), 48000, 44100, P.resType());
            double[] ref = Fixtures.f64(f + ".feature");
            float[] v = Features.vector(x44, P);
            assertEquals(259, v.length);
            double d = 0;
            for (int i = 0; i < 259; i++) {
                if (i < ref.length) {
                    d = Math.max(d, Math.abs(v[i] - ref[i]));
                    if (v[i] != (float) ref[i]) notNearest++;
                }
                else assertEquals(0f, v[i], "fillna(0) beyond the clip's " + ref.length + " frames, " + f);
            }
            worst = Math.max(worst, d);
        }
        System.out.printf("feature vector (float32) vs librosa, worst over 8 files: %.3g (tol 1e-4); "
                + "%d values are not librosa's float64 value rounded to float32%n", worst, notNearest);
        assertTrue(worst < 1e-4, "feature " + worst);
    }
}
