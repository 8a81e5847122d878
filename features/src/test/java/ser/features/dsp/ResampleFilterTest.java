package ser.features.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ser.features.ResType;

class ResampleFilterTest {

    /** The shipped kaiser_fast table (resampy 0.2.2's bits) is the Kaiser-sinc formula up to rounding. */
    @Test
    void kaiserFastTableEqualsTheFormula() {
        double[] table = ResampleFilter.table(ResType.KAISER_FAST);
        double[] formula = ResampleFilter.compute(16, 512, 0.85, 8.555504641634386);
        assertEquals(8193, table.length);
        double worst = 0;
        int differingBits = 0;
        for (int i = 0; i < table.length; i++) {
            worst = Math.max(worst, Math.abs(table[i] - formula[i]));
            if (table[i] != formula[i]) differingBits++;
        }
        System.out.printf("kaiser_fast table vs formula: max|diff| = %.3g, %d of %d entries differ in the last bits%n",
                worst, differingBits, table.length);
        assertTrue(worst < 1e-15, "max diff " + worst);
        assertEquals(0.85, table[0], 0.0, "centre tap = rolloff");
    }

    /** kaiser_best values of resampy 0.2.x's kaiser_best.npz at a few indices (as published with that table). */
    @Test
    void kaiserBestMatchesResampyValues() {
        double[] t = ResampleFilter.table(ResType.KAISER_BEST);
        assertEquals(64 * 512 + 1, t.length);
        int[] at = {0, 123, 456, 789, 8192, 12345};
        double[] resampy = {0.9475937167399596, 0.8687706122525141, 0.16804652520040697, -0.20410492924006962,
                            -0.006147657848870016, 0.002128069210833461};
        for (int i = 0; i < at.length; i++) assertEquals(resampy[i], t[at[i]], 1e-14, "index " + at[i]);
    }

    @Test
    void besselI0KnownValues() {
        assertEquals(1.0, ResampleFilter.besselI0(0), 0);
        assertEquals(1.2660658777520082, ResampleFilter.besselI0(1), 1e-15);
        assertEquals(2815.716628466254, ResampleFilter.besselI0(10), 1e-9);
    }

    /** Zero crossings every 512 entries scaled by the roll-off: h(j) = 0 where rolloff * j / 512 is a non-zero integer. */
    @Test
    void sincZerosFallWhereTheRolloffPutsThem() {
        double[] h = ResampleFilter.compute(4, 512, 1.0, 5.0);
        for (int z = 1; z < 4; z++) assertEquals(0.0, h[z * 512], 1e-16, "zero crossing " + z);
    }
}
