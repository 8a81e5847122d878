package ser.engine.layers;

import org.junit.jupiter.api.Test;
import ser.engine.gradcheck.GradCheck;
import ser.engine.gradcheck.LayerCases;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused loss, including the region where Keras' clip to [1e-7, 1 - 1e-7] is active. */
class SoftmaxCrossEntropyTest {

    @Test
    void lossAndGradientInTheOrdinaryRegion() {
        float[] p = {0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f};
        int[] labels = {0, 2};
        float[] dz = new float[6];
        double loss = SoftmaxCrossEntropy.lossAndGradient(p, labels, 2, 3, dz);
        assertEquals((-Math.log(0.7) - Math.log(0.5)) / 2, loss, 1e-6);
        assertArrayEquals(new float[] {(0.7f - 1) / 2, 0.2f / 2, 0.1f / 2, 0.25f / 2, 0.25f / 2, (0.5f - 1) / 2}, dz,
                1e-7f);
    }

    /**
     * A confidently wrong sample (p_label &lt; 1e-7): Keras' loss is -log(1e-7) and, because tf.clip_by_value
     * passes no gradient outside its range, the sample contributes no gradient at all. The other sample of the
     * batch is unaffected.
     */
    @Test
    void clippedSampleHasKerasLossAndZeroGradient() {
        float[] p = {1e-9f, 1f - 1e-9f, 0.6f, 0.4f};
        int[] labels = {0, 0};
        float[] dz = new float[4];
        double loss = SoftmaxCrossEntropy.lossAndGradient(p, labels, 2, 2, dz);
        assertEquals((-Math.log(1e-7f) - Math.log(0.6f)) / 2, loss, 1e-6);
        assertEquals(16.118, -Math.log(1e-7f), 1e-3);
        assertArrayEquals(new float[] {0f, 0f, (0.6f - 1) / 2, 0.4f / 2}, dz, 1e-7f);
    }

    /** Saturated the right way (p_label &gt; 1 - 1e-7): also clipped, loss -log(1 - 1e-7), gradient zero. */
    @Test
    void confidentlyRightSampleIsClippedToo() {
        float[] p = {1f, 0f};
        float[] dz = {9, 9};
        double loss = SoftmaxCrossEntropy.lossAndGradient(p, new int[] {0}, 1, 2, dz);
        assertEquals(-Math.log(1f - 1e-7f), loss, 1e-9);
        assertArrayEquals(new float[] {0f, 0f}, dz);
    }

    /** Finite differences of the clipped double reference agree with the zero gradient there. */
    @Test
    void gradientCheckWithSaturatedLogits() {
        LayerCases.Case c = LayerCases.softmaxCrossEntropy(9, 6, 3, 40);  // logits in [-40, 40]: several clipped rows
        GradCheck.Report r = c.run();
        System.out.println(r);
        assertTrue(r.passed(), r.toString());
        int zeroRows = 0;
        float[] g = c.operand("logits").analytic();
        for (int b = 0; b < 6; b++) {
            if (g[b * 3] == 0 && g[b * 3 + 1] == 0 && g[b * 3 + 2] == 0) {
                zeroRows++;
            }
        }
        assertTrue(zeroRows > 0 && zeroRows < 6, "expected some but not all rows clipped, got " + zeroRows);
    }

    @Test
    void accuracyTakesTheFirstMaximum() {
        assertEquals(1, SoftmaxCrossEntropy.correct(new float[] {0.5f, 0.5f}, new int[] {0}, 1, 2));
        assertEquals(0, SoftmaxCrossEntropy.correct(new float[] {0.5f, 0.5f}, new int[] {1}, 1, 2));
    }
}
