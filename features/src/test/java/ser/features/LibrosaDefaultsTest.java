package ser.features;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import ser.features.dsp.Dct;
import ser.features.dsp.Decibels;
import ser.features.dsp.MelFilterbank;
import ser.features.dsp.Mfcc;
import ser.features.dsp.Resampler;
import ser.features.dsp.Stft;

/**
 * Why each librosa default matters: change one and measure how far the notebook's vector moves from librosa's
 * (8 fixture files). The numbers printed here are the ones quoted in docs/mfcc.md.
 */
class LibrosaDefaultsTest {
    private static final FeatureParams P = FeatureParams.NOTEBOOK;

    private enum Floor { RELATIVE_TOP_DB, NONE, ABSOLUTE_MINUS_80 }

    private static double[] featureFromPower(double[] power, int frames, Floor floor) {
        double[] mel = new MelFilterbank(P.sampleRate(), P.nFft(), P.nMels(), P.fmin(), P.fmaxHz()).apply(power, frames);
        double[] db = Decibels.powerToDb(mel, floor == Floor.RELATIVE_TOP_DB ? P.topDb() : Double.POSITIVE_INFINITY);
        if (floor == Floor.ABSOLUTE_MINUS_80) for (int i = 0; i < db.length; i++) db[i] = Math.max(db[i], -80);
        return Mfcc.frameMean(new Dct(P.nMels(), P.nMfcc()).apply(db, frames), P.nMfcc(), frames);
    }

    private static double maxDiff(double[] a, double[] ref, int from, int to) {
        double d = 0;
        for (int i = from; i < to; i++) d = Math.max(d, Math.abs(a[i] - ref[i]));
        return d;
    }

    @Test
    void eachDefaultMovesTheVector() {
        Stft stft = new Stft(P.nFft(), P.hop());
        double zeroPadAll = 0, zeroPadInterior = 0, noTopDb = 0, absoluteFloor = 0, float64Accumulator = 0, asIs = 0;
        for (String f : Fixtures.FILES) {
            float[] x = Fixtures.f32(f + ".load44k");
            double[] ref = Fixtures.f64(f + ".feature");
            int frames = 1 + x.length / P.hop();
            double[] power = stft.power(x);
            asIs = Math.max(asIs, maxDiff(featureFromPower(power, frames, Floor.RELATIVE_TOP_DB), ref, 0, frames));
            // zero padding instead of reflect: pad 1024 zeros ourselves; frame t is then frame t + 2 of the padded signal
            float[] z = new float[x.length + P.nFft()];
            System.arraycopy(x, 0, z, P.nFft() / 2, x.length);
            double[] pz = Arrays.copyOfRange(stft.power(z), 2 * stft.bins(), (frames + 2) * stft.bins());
            double[] fz = featureFromPower(pz, frames, Floor.RELATIVE_TOP_DB);
            zeroPadAll = Math.max(zeroPadAll, maxDiff(fz, ref, 0, frames));
            zeroPadInterior = Math.max(zeroPadInterior, maxDiff(fz, ref, 2, frames - 2));
            noTopDb = Math.max(noTopDb, maxDiff(featureFromPower(power, frames, Floor.NONE), ref, 0, frames));
            absoluteFloor = Math.max(absoluteFloor, maxDiff(featureFromPower(power, frames, Floor.ABSOLUTE_MINUS_80), ref, 0, frames));
            // resampler accumulating in float64, rounded to float32 only at the end
            float[] nat = Fixtures.f32(f + ".native");
            double[] natD = new double[nat.length];
            for (int i = 0; i < nat.length; i++) natD[i] = nat[i];
            double[] r64 = Resampler.resample(natD, 48000, 44100, P.resType());
            float[] r32 = new float[r64.length];
            for (int i = 0; i < r64.length; i++) r32[i] = (float) r64[i];
            float64Accumulator = Math.max(float64Accumulator, maxDiff(Features.frameMeans(r32, P), ref, 0, frames));
        }
        System.out.printf("librosa defaults, max |feature - librosa| over 8 files: as implemented %.2g; zero instead of reflect "
                + "padding %.3g (frames 2..T-3: %.2g); no top_db %.3g; absolute -80 dB floor %.3g; float64 resampler "
                + "accumulator %.2g%n", asIs, zeroPadAll, zeroPadInterior, noTopDb, absoluteFloor, float64Accumulator);
        assertTrue(asIs < 1e-9);
        assertTrue(zeroPadAll > 0.1 && zeroPadInterior < 1e-9, "padding only changes the 2 edge frames on each side");
        assertTrue(noTopDb > 1 && absoluteFloor > 1, "the relative top_db floor matters");
        assertTrue(float64Accumulator > 1e-6 && float64Accumulator < 1e-3);
    }
}
