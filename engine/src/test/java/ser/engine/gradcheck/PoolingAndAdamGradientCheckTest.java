package ser.engine.gradcheck;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.layers.GlobalAveragePooling1D;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GlobalAveragePooling1D's backward against finite differences of a double reference mean over steps, and proof
 * that the check fails for the plausible bugs: a gradient not divided by T, or routed to one step only. With
 * mask_padding, against a reference mean over each sample's first n_b steps, and proof that a gradient leaking into
 * the padded steps (the unmasked backward) is caught.
 */
class PoolingAndAdamGradientCheckTest {

    /** Reference: y[b][c] = mean_t x[b][t][c], in double. */
    static double[] mean(double[] x, int B, int T, int C) {
        double[] y = new double[B * C];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int c = 0; c < C; c++) {
                    y[b * C + c] += x[(b * T + t) * C + c] / T;
                }
            }
        }
        return y;
    }

    /** Reference: y[b][c] = mean over t &lt; n[b] of x[b][t][c], in double. */
    static double[] maskedMean(double[] x, int B, int T, int C, int[] n) {
        double[] y = new double[B * C];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < n[b]; t++) {
                for (int c = 0; c < C; c++) {
                    y[b * C + c] += x[(b * T + t) * C + c] / n[b];
                }
            }
        }
        return y;
    }

    /** Masked case: the network input had T0 = 4 T steps, of which valid[b]; the layer uses ceil(valid T / T0). */
    static LayerCases.Case maskedGap(long seed, int B, int T, int C, int[] valid, int[] expectedSteps) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(LayerCases.uniform(rng, B * T * C), B, T, C);
        GlobalAveragePooling1D layer = new GlobalAveragePooling1D(true);
        layer.build(new int[] {T, C}, rng);
        layer.validInputSteps(valid, 4 * T);
        return LayerCases.prepare(String.format("GlobalAveragePooling1D(mask_padding) B=%d T=%d C=%d", B, T, C),
                layer, x, true, rng, v -> maskedMean(v[0], B, T, C, expectedSteps));
    }

    @Test
    void maskedAveragePoolingPasses() {
        // T0 = 24: 24 valid frames -> all 6 steps, 17 -> ceil(17 * 6 / 24) = 5, 1 -> 1, 0 (an empty clip) -> 1
        LayerCases.Case c = maskedGap(6, 4, 6, 3, new int[] {24, 17, 1, 0}, new int[] {6, 5, 1, 1});
        GradCheck.Report r = c.run();
        System.out.println(r);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void gradientIntoPaddedStepsIsCaught() {
        LayerCases.Case c = maskedGap(7, 2, 6, 3, new int[] {24, 9}, new int[] {6, 3});
        float[] g = c.operand("input").analytic();
        for (int t = 3; t < 6; t++) {                  // sample 1's padded steps get a share, as without the mask
            for (int ch = 0; ch < 3; ch++) {
                g[(6 + t) * 3 + ch] = g[(6 + 0) * 3 + ch];
            }
        }
        assertFalse(c.run().passed());
    }

    @Test
    void maskedForwardIgnoresPaddedSteps() {
        // the padded steps hold large values: a mean over all six steps would be far from the mean of the first three
        GlobalAveragePooling1D layer = new GlobalAveragePooling1D(true);
        layer.build(new int[] {6, 1}, new Rng(1));
        layer.validInputSteps(new int[] {12}, 24);
        float[] y = layer.forward(Tensor.of(new float[] {1, 2, 3, 100, 100, 100}, 1, 6, 1), false).data();
        org.junit.jupiter.api.Assertions.assertEquals(2f, y[0], 1e-6f);
    }

    static LayerCases.Case gap(long seed, int B, int T, int C) {
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(LayerCases.uniform(rng, B * T * C), B, T, C);
        return LayerCases.prepare(String.format("GlobalAveragePooling1D B=%d T=%d C=%d", B, T, C),
                new GlobalAveragePooling1D(), x, true, rng, v -> mean(v[0], B, T, C));
    }

    @Test
    void globalAveragePoolingPasses() {
        for (LayerCases.Case c : new LayerCases.Case[] {gap(1, 3, 7, 5), gap(2, 1, 1, 4), gap(3, 2, 16, 1)}) {
            GradCheck.Report r = c.run();
            System.out.println(r);
            assertTrue(r.passed(), r.toString());
        }
    }

    @Test
    void missingOneOverTIsCaught() {
        LayerCases.Case c = gap(4, 2, 6, 3);
        float[] g = c.operand("input").analytic();
        for (int i = 0; i < g.length; i++) g[i] *= 6;
        assertFalse(c.run().passed());
    }

    @Test
    void gradientOnOneStepOnlyIsCaught() {
        LayerCases.Case c = gap(5, 2, 6, 3);
        float[] g = c.operand("input").analytic();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int ch = 0; ch < 3; ch++) {
                    int i = (b * 6 + t) * 3 + ch;
                    g[i] = t == 0 ? g[i] * 6 : 0;       // the whole share on the first step
                }
            }
        }
        assertFalse(c.run().passed());
    }
}
