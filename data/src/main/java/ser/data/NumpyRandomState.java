package ser.data;

/**
 * The part of NumPy's legacy {@code numpy.random.RandomState} that scikit-learn's splitters use, bit for bit:
 * the MT19937 generator seeded with {@code init_genrand(seed)}, bounded integers by masked rejection
 * ({@code random_interval}), {@code shuffle} (Fisher-Yates from the end), {@code permutation} and
 * {@code choice(a, size, replace=False)} (which NumPy implements as {@code permutation(len(a))[:size]}).
 *
 * <p>Reference: M. Matsumoto and T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
 * pseudo-random number generator", ACM TOMACS 8(1), 1998.
 */
public final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;

    /** {@code RandomState(seed)} for 0 <= seed < 2^32. */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            // mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i   (mod 2^32)
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
    }

    /** The next 32 random bits, as an unsigned value in a long (genrand_int32). */
    public long nextUint32() {
        if (mti >= N) {
            twist();
        }
        int y = mt[mti++];
        // tempering
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    private void twist() {
        for (int kk = 0; kk < N; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[(kk + 1) % N] & LOWER_MASK);
            mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        mti = 0;
    }

    /** A uniform integer in [0, max] by masked rejection, as NumPy's random_interval (max < 2^32 here). */
    public int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        while ((value = nextUint32() & mask) > max) {
            // reject and draw again
        }
        return (int) value;
    }

    /** Shuffles in place: for i = n-1 .. 1 swap a[i] with a[interval(i)]. Modified. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i >= 1; i--) {
            int j = interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code permutation(n)}: a shuffled 0..n-1. */
    public int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    /** {@code permutation(array)}: a shuffled copy. Not modified. */
    public int[] permutation(int[] values) {
        int[] a = values.clone();
        shuffle(a);
        return a;
    }

    /** {@code choice(values, size, replace=False)}: values[permutation(len)[:size]]. */
    public int[] choiceWithoutReplacement(int[] values, int size) {
        if (size > values.length) {
            throw new IllegalArgumentException("cannot take " + size + " of " + values.length + " without replacement");
        }
        int[] perm = permutation(values.length);
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[perm[i]];
        }
        return out;
    }
}
