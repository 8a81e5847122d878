package ser.engine.gradcheck;

import org.junit.jupiter.api.Test;
import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.layers.GlobalAveragePooling1D;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GlobalAveragePooling1D's backward against finite differences of a double reference mean over steps, and proof
 * that the check fails for the plausible bugs: a gradient not divided by T, or routed to one step only.
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
