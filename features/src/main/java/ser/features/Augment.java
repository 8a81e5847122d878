package ser.features;

import java.util.Random;
import ser.features.dsp.Resampler;
import ser.features.dsp.TimeStretch;

/**
 * The notebook's data augmentations, seeded. Each instance method draws its random parameter from this object's
 * generator ({@link java.util.Random}, whose algorithm the JDK specifies, so a seed gives the same draws on every JDK)
 * and calls the deterministic static version, which the tests use with known parameters.
 *
 * <table>
 *   <caption>notebook function -> method</caption>
 *   <tr><td>{@code noise}: {@code x + 0.005 U(0,1) max(x) N(0,1)}</td><td>{@link #noise}</td></tr>
 *   <tr><td>{@code shift}: {@code np.roll(x, int(U(-5,5) * 500))}</td><td>{@link #shift}</td></tr>
 *   <tr><td>{@code pitch}: {@code librosa.effects.pitch_shift(x, sr, n_steps = 2 * 2 U(0,1), bins_per_octave=12)}</td><td>{@link #pitchShift}</td></tr>
 *   <tr><td>{@code speedNpitch}: linear interpolation at steps of {@code 1 / U(0.8,1)}</td><td>{@link #speedAndPitch}</td></tr>
 *   <tr><td>{@code dyn_change}: {@code x * U(1.5, 3)}</td><td>{@link #dynamicChange}</td></tr>
 *   <tr><td>{@code stretch}: {@code librosa.effects.time_stretch(x, rate)} (default rate 0.8)</td><td>{@link #timeStretch}</td></tr>
 * </table>
 * Outputs are new arrays; inputs are never modified. Not thread-safe (one generator): use one instance per thread.
 */
public final class Augment {
    private final Random rng;
    private final TimeStretch stretcher = new TimeStretch();

    public Augment(long seed) {
        this.rng = new Random(seed);
    }

    /**
     * Additive Gaussian noise with amplitude {@code 0.005 * U(0,1) * max|x|}. (The notebook writes {@code np.amax(x)},
     * the signed maximum; for speech the two are within a few percent, and max|x| stays sensible for a clip whose
     * positive peak is small.)
     */
    public float[] noise(float[] x) {
        double amp = 0.005 * rng.nextDouble() * maxAbs(x);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) (x[i] + amp * rng.nextGaussian());
        return y;
    }

    /** Circular shift by {@code int(U(-5, 5) * 500)} samples (Python's int() truncates towards zero). */
    public float[] shift(float[] x) {
        return roll(x, (int) ((rng.nextDouble() * 10 - 5) * 500));
    }

    /** librosa.effects.pitch_shift by {@code n_steps = 2 * 2 * U(0,1)} semitones (0 to 4 up), 12 bins per octave. */
    public float[] pitchShift(float[] x, int sr) {
        double nSteps = 2 * 2 * rng.nextDouble();
        return pitchShift(x, sr, nSteps, 12);
    }

    /** Faster and higher by {@code 1 / U(0.8, 1)} (1 to 1.25), the notebook's speedNpitch. */
    public float[] speedAndPitch(float[] x) {
        double lengthChange = 0.8 + 0.2 * rng.nextDouble();
        return speedAndPitch(x, 1.0 / lengthChange);
    }

    /** Louder by {@code U(1.5, 3)}. */
    public float[] dynamicChange(float[] x) {
        return scale(x, 1.5 + 1.5 * rng.nextDouble());
    }

    /** librosa.effects.time_stretch(x, rate); deterministic (the notebook uses rate 0.8). */
    public float[] timeStretch(float[] x, double rate) {
        return toFloat(stretcher.stretch(toDouble(x), rate));
    }

    // ------------------------------------------------------------------------------------------------------------
    // deterministic versions

    /** np.roll(x, s): y[(i + s) mod n] = x[i]. */
    public static float[] roll(float[] x, int s) {
        int n = x.length;
        float[] y = new float[n];
        if (n == 0) return y;
        int r = Math.floorMod(s, n);
        for (int i = 0; i < n; i++) y[(i + r) % n] = x[i];
        return y;
    }

    public static float[] scale(float[] x, double factor) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = (float) (x[i] * factor);
        return y;
    }

    /**
     * The notebook's speedNpitch with a known factor: {@code tmp = np.interp(np.arange(0, n, speed), np.arange(n), x)},
     * then the first min(n, len(tmp)) values of tmp followed by zeros (length n). speed &gt; 1 plays faster and higher.
     */
    public static float[] speedAndPitch(float[] x, double speed) {
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
        int n = x.length;
        float[] y = new float[n];
        long points = (long) Math.ceil(n / speed); // len(np.arange(0, n, speed))
        int m = (int) Math.min(n, points);
        for (int i = 0; i < m; i++) {
            double p = i * speed;
            int lo = (int) p;
            if (lo >= n - 1) {
                y[i] = x[n - 1];
                continue;
            }
            double frac = p - lo;
            y[i] = (float) (x[lo] + frac * (x[lo + 1] - x[lo]));
        }
        return y;
    }

    /**
     * librosa.effects.pitch_shift(x, sr, n_steps, bins_per_octave) (0.6.3): time-stretch by
     * {@code rate = 2^(-n_steps / bins_per_octave)}, resample from {@code sr / rate} to sr with kaiser_best (librosa's
     * default res_type), cut or pad to len(x). The stretch lengthens by 1/rate and the resampling shortens by rate,
     * so the duration is kept and every frequency is multiplied by {@code 2^(n_steps / bins_per_octave)}.
     */
    public static float[] pitchShift(float[] x, int sr, double nSteps, int binsPerOctave) {
        double rate = Math.pow(2.0, -nSteps / binsPerOctave);
        double[] stretched = new TimeStretch().stretch(toDouble(x), rate);
        double[] shifted = Resampler.resample(stretched, sr / rate, sr, ResType.KAISER_BEST);
        float[] y = new float[x.length];
        for (int i = 0; i < Math.min(y.length, shifted.length); i++) y[i] = (float) shifted[i];
        return y;
    }

    static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }
}
