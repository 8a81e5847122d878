package ser.engine;

/**
 * The engine's one source of randomness: weight initialisation, dropout masks and the per-epoch shuffle all draw
 * from it, so a run is reproducible bit for bit for a given seed (and independent of the thread count).
 *
 * <p>Two ways to draw, both built on the SplitMix64 finaliser {@link #mix(long)} with the golden-ratio increment
 * {@code G = 0x9E3779B97F4A7C15}:
 * <ul>
 *   <li><b>Sequential</b> ({@link #nextLong()} and the methods built on it): the SplitMix64 generator,
 *       {@code state += G; return mix(state)}, starting from {@code state = seed}. Used for initialisers, in layer
 *       order.</li>
 *   <li><b>Counter-based</b> ({@link #hash(long, long, long)}): a pure function of (seed, stream, counter),
 *       <pre>
 *         key  = mix(seed + G * (stream + 1))
 *         bits = mix(key  + G * (counter + 1))
 *       </pre>
 *       Any element of a dropout mask can be computed on its own (by any thread, or by an OpenCL work item) and
 *       always gets the same value. {@link #unitFloat(long)} turns bits into a float in [0, 1):
 *       {@code (bits >>> 40) * 2^-24}, exact in float32.</li>
 * </ul>
 */
public final class Rng {

    /** The SplitMix64 increment, 2^64 divided by the golden ratio. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;
    private long state;

    public Rng(long seed) {
        this.seed = seed;
        this.state = seed;
    }

    /** The seed this generator started from. */
    public long seed() {
        return seed;
    }

    // docs:begin rng-hash
    /** SplitMix64's output function (Steele, Lea, Flood 2014; constants from Stafford's "Mix13"). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Counter-based draw: 64 random bits that depend only on (seed, stream, counter). */
    public static long hash(long seed, long stream, long counter) {
        long key = mix(seed + GOLDEN * (stream + 1));
        return mix(key + GOLDEN * (counter + 1));
    }

    /** The top 24 bits of bits as a float in [0, 1); every value is exact in float32. */
    public static float unitFloat(long bits) {
        return (bits >>> 40) * 0x1.0p-24f;
    }
    // docs:end rng-hash

    /** Next 64 bits of the sequential SplitMix64 stream. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform float in [lo, hi), computed in double and rounded once. */
    public float uniform(double lo, double hi) {
        return (float) (lo + (hi - lo) * nextDouble());
    }

    /** Uniform int in [0, bound), unbiased: 63-bit draws whose last incomplete block of size bound is rejected. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long u = nextLong() >>> 1;
        long r = u % bound;
        while (u - r + (bound - 1) < 0) { // u fell into the incomplete block at the top of [0, 2^63)
            u = nextLong() >>> 1;
            r = u % bound;
        }
        return (int) r;
    }

    /** Standard normal draw (Box-Muller on two uniforms), for tests and synthetic data. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Shuffles index in place with Fisher-Yates, drawing from this generator. */
    public void shuffle(int[] index) {
        for (int i = index.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
        }
    }
}
