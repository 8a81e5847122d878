package ser.features.bench;

import java.util.Arrays;
import ser.features.FeatureParams;
import ser.features.Features;
import ser.features.Fixtures;
import ser.features.ResType;
import ser.features.dsp.Dct;
import ser.features.dsp.Decibels;
import ser.features.dsp.MelFilterbank;
import ser.features.dsp.Resampler;
import ser.features.dsp.Stft;

/**
 * Minimum and median of N timings per stage on one clip, all stages interleaved in each round so that they see the
 * same machine load (a companion to StagesBenchmark for a shared, noisy machine, where the minimum is the best
 * estimate of a stage's own cost).
 * <pre>
 * java -cp features/target/test-classes:features/target/classes:$(cat features/target/test-classpath.txt) \
 *      ser.features.bench.StageTimesMain [rounds=60]
 * </pre>
 */
public final class StageTimesMain {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String file = "03-01-05-02-01-01-01";
        FeatureParams p = FeatureParams.NOTEBOOK;
        float[] x48 = Fixtures.f32(file + ".native"), x44 = Fixtures.f32(file + ".load44k");
        Stft stft = new Stft(p.nFft(), p.hop());
        MelFilterbank mel = new MelFilterbank(p.sampleRate(), p.nFft(), p.nMels(), p.fmin(), p.fmaxHz());
        Dct dct = new Dct(p.nMels(), p.nMfcc());
        String[] names = {"resample (4 lanes)", "resample (reference loop)", "stft power", "mel", "power_to_db", "dct", "samples -> vector"};
        double[][] ms = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            Resampler.resample(x48, 48000, 44100, ResType.KAISER_FAST);
            long t1 = System.nanoTime();
            Resampler.resampleReference(x48, 48000, 44100, ResType.KAISER_FAST);
            long t2 = System.nanoTime();
            double[] power = stft.power(x44);
            long t3 = System.nanoTime();
            double[] m = mel.apply(power, 259);
            long t4 = System.nanoTime();
            double[] db = Decibels.powerToDb(m, p.topDb());
            long t5 = System.nanoTime();
            dct.apply(db, 259);
            long t6 = System.nanoTime();
            Features.vector(x44, p);
            long t7 = System.nanoTime();
            long[] t = {t0, t1, t2, t3, t4, t5, t6, t7};
            for (int s = 0; s < names.length; s++) ms[s][r] = (t[s + 1] - t[s]) / 1e6;
        }
        System.out.printf("%d rounds, one clip (%s), %s %s%n", rounds, file, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        for (int s = 0; s < names.length; s++) {
            double[] v = ms[s].clone();
            Arrays.sort(v);
            System.out.printf("%-26s min %7.3f ms   median %7.3f ms%n", names[s], v[0], v[rounds / 2]);
        }
    }
}
