package ser.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {

    /** The published SplitMix64 reference outputs for seed 1234567 (Vigna's splitmix64.c, Rosetta Code). */
    @Test
    void sequentialStreamIsSplitMix64() {
        Rng r = new Rng(1234567);
        assertEquals(Long.parseUnsignedLong("6457827717110365317"), r.nextLong());
        assertEquals(Long.parseUnsignedLong("3203168211198807973"), r.nextLong());
        assertEquals(Long.parseUnsignedLong("9817491932198370423"), r.nextLong());
        assertEquals(Long.parseUnsignedLong("4593380528125082431"), r.nextLong());
        assertEquals(Long.parseUnsignedLong("16408922859458223821"), r.nextLong());
    }

    /** SplitMix64's finaliser written out again (the reference vectors above pin it). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** hash(seed, stream, counter) is the documented two-round formula (the one an OpenCL kernel reproduces). */
    @Test
    void counterBasedHashFollowsTheDocumentedFormula() {
        long g = 0x9E3779B97F4A7C15L;
        long seed = 42;
        long stream = 3;
        long counter = 1000;
        long key = mix(seed + g * (stream + 1));
        long bits = mix(key + g * (counter + 1));
        assertEquals(bits, Rng.hash(seed, stream, counter));
        assertNotEquals(Rng.hash(seed, stream, counter), Rng.hash(seed, stream + 1, counter));
        assertNotEquals(Rng.hash(seed, stream, counter), Rng.hash(seed, stream, counter + 1));
    }

    @Test
    void unitFloatIsInZeroOneAndUsesTheTop24Bits() {
        assertEquals(0f, Rng.unitFloat(0L));
        assertEquals(1f - 0x1.0p-24f, Rng.unitFloat(-1L));
        assertEquals(0.5f, Rng.unitFloat(1L << 63));
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng r = new Rng(7);
        int[] counts = new int[6];
        int n = 60000;
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(6);
            assertTrue(v >= 0 && v < 6);
            counts[v]++;
        }
        for (int c : counts) {
            assertEquals(n / 6.0, c, 5 * Math.sqrt(n / 6.0), "counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void shuffleIsAPermutationAndReproducible() {
        int[] a = new int[50];
        int[] b = new int[50];
        for (int i = 0; i < 50; i++) {
            a[i] = i;
            b[i] = i;
        }
        new Rng(3).shuffle(a);
        new Rng(3).shuffle(b);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void uniformStaysInItsInterval() {
        Rng r = new Rng(11);
        for (int i = 0; i < 10000; i++) {
            float v = r.uniform(-0.25, 0.25);
            assertTrue(v >= -0.25f && v <= 0.25f, "value " + v);
        }
    }
}
