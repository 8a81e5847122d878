package ser.features.dsp;

import ser.features.ResType;

/**
 * The right half of resampy 0.2.x's interpolation filter: a Kaiser-windowed sinc tabulated at
 * {@link ResType#PRECISION} points per zero crossing,
 * <pre>
 * h[j] = rolloff * sinc(rolloff * x_j) * kaiser(2L + 1, beta)[L + j],   x_j = j / 512,  j = 0..L,  L = 512 * numZeros
 * sinc(x) = sin(pi x) / (pi x),   kaiser(M, beta)[m] = I0(beta * sqrt(1 - ((m - a) / a)^2)) / I0(beta),  a = (M - 1) / 2
 * </pre>
 * resampy ships these tables precomputed ({@code kaiser_fast.npz}, {@code kaiser_best.npz}); the formula reproduces
 * the kaiser_fast table to 2.2e-16 (tested), and librosa's numbers are bit-exact only with the table's exact bits, so
 * {@link #table(ResType)} returns the shipped kaiser_fast table and the formula for kaiser_best.
 */
public final class ResampleFilter {

    private static volatile double[] kaiserFast;
    private static volatile double[] kaiserBest;

    private ResampleFilter() {
    }

    /** The half window for {@code type}, length {@code 512 * numZeros + 1}. Shared: do not modify. */
    public static double[] table(ResType type) {
        if (type == ResType.KAISER_FAST) {
            double[] t = kaiserFast;
            if (t == null) kaiserFast = t = KaiserFastTable.load();
            return t;
        }
        double[] t = kaiserBest;
        if (t == null) kaiserBest = t = compute(type.numZeros, ResType.PRECISION, type.rolloff, type.beta);
        return t;
    }

    /** The formula above for any filter: length {@code precision * numZeros + 1}. */
    public static double[] compute(int numZeros, int precision, double rolloff, double beta) {
        int half = precision * numZeros;
        double[] h = new double[half + 1];
        double step = (double) numZeros / half; // numpy linspace(0, numZeros, half + 1)
        double i0Beta = besselI0(beta);
        for (int j = 0; j <= half; j++) {
            double x = j == half ? numZeros : j * step;
            double r = (double) j / half; // (m - a) / a for m = a + j
            double taper = besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
            h[j] = taper * (rolloff * sinc(rolloff * x));
        }
        return h;
    }

    /** sin(pi x) / (pi x), 1 at 0 (numpy's np.sinc). */
    static double sinc(double x) {
        if (x == 0) return 1.0;
        double y = Math.PI * x;
        return Math.sin(y) / y;
    }

    /** Modified Bessel function of the first kind, order 0: sum over k of ((x/2)^k / k!)^2 (converges for all x). */
    static double besselI0(double x) {
        double term = 1, sum = 1, q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }
}
