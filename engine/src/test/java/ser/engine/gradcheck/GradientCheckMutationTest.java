package ser.engine.gradcheck;

import org.junit.jupiter.api.Test;
import ser.engine.NotebookNet;
import ser.engine.Rng;
import ser.engine.models.Sequential;
import ser.engine.Tensor;
import ser.engine.layers.BatchNormalization;
import ser.engine.layers.Padding;
import ser.engine.optim.SGD;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof that the gradient checks can fail: each test corrupts the analytic gradient the way a plausible bug in a
 * backward pass would (one element 1% off, a transposed index, swapped elements, BatchNorm's backward without its
 * mean or variance term, a pooling gradient routed to the wrong step, a loss gradient without its 1/B) and asserts
 * that the check reports the corruption while the same check on the untouched gradient passes.
 */
class GradientCheckMutationTest {

    // docs:begin assert-caught
    /** Runs the case clean (must pass), then with the mutation applied to its analytic gradients (must fail). */
    private static void assertCaught(String bug, LayerCases.Case clean, LayerCases.Case again,
                                     Consumer<LayerCases.Case> mutate) {
        GradCheck.Report ok = clean.run();
        assertTrue(ok.passed(), "the clean check must pass first: " + ok);
        mutate.accept(again);
        GradCheck.Report bad = again.run();
        System.out.printf("%-48s clean %.2e, corrupted %.2e -> caught%n", bug, ok.overall(), bad.overall());
        assertFalse(bad.passed(), bug + " was not caught: " + bad);
    }
    // docs:end assert-caught

    /** Index of the element with the largest magnitude. */
    static int argMaxAbs(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i]) > Math.abs(a[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void convKernelGradientOneElementOffByOnePercent() {
        assertCaught("Conv1D dW: one element x1.01",
                LayerCases.conv(1, 2, 11, 3, 4, 8, Padding.SAME), LayerCases.conv(1, 2, 11, 3, 4, 8, Padding.SAME),
                c -> {
                    float[] g = c.operand("kernel").analytic();
                    g[argMaxAbs(g)] *= 1.01f;
                });
    }

    @Test
    void convInputGradientOneElementOffByOnePercent() {
        assertCaught("Conv1D dx: one element x1.01",
                LayerCases.conv(2, 2, 9, 3, 4, 8, Padding.SAME), LayerCases.conv(2, 2, 9, 3, 4, 8, Padding.SAME),
                c -> {
                    float[] g = c.operand("input").analytic();
                    g[argMaxAbs(g)] *= 1.01f;
                });
    }

    @Test
    void convKernelGradientWithTransposedIndex() {
        int K = 5;
        int C = 4;
        int F = 4;                                   // C == F, so a (c, f) mix-up has the right size and goes unnoticed by shape
        assertCaught("Conv1D dW: W[k,c,f] written at W[k,f,c]",
                LayerCases.conv(3, 2, 9, C, F, K, Padding.SAME), LayerCases.conv(3, 2, 9, C, F, K, Padding.SAME),
                c -> {
                    float[] g = c.operand("kernel").analytic();
                    float[] t = g.clone();
                    for (int k = 0; k < K; k++) {
                        for (int ci = 0; ci < C; ci++) {
                            for (int f = 0; f < F; f++) {
                                g[(k * C + ci) * F + f] = t[(k * C + f) * F + ci];
                            }
                        }
                    }
                });
    }

    @Test
    void denseKernelGradientWithTwoElementsSwapped() {
        assertCaught("Dense dW: two elements swapped",
                LayerCases.dense(4, 3, 12, 4), LayerCases.dense(4, 3, 12, 4),
                c -> {
                    float[] g = c.operand("kernel").analytic();
                    int i = argMaxAbs(g);
                    int j = i % 4 == 0 ? i + 1 : i - 1;  // a neighbour in the same row
                    float tmp = g[i];
                    g[i] = g[j];
                    g[j] = tmp;
                });
    }

    // docs:begin bn-mutation
    /** BN backward without term 2: dx = invStd (dxhat - xhat mean(dxhat xhat)), i.e. dx + invStd mean(dxhat). */
    @Test
    void batchNormBackwardMissingTheMeanTerm() {
        assertCaught("BatchNormalization dx: mean term missing",
                LayerCases.batchNorm(5, 3, 7, 4, true), LayerCases.batchNorm(5, 3, 7, 4, true),
                c -> {
                    BatchNormalization bn = (BatchNormalization) c.layer();
                    int C = 4;
                    int N = c.upstream().length / C;
                    float[] gamma = bn.gamma().value().data();
                    float[] invStd = bn.lastInvStd();
                    float[] dx = c.operand("input").analytic();
                    for (int ch = 0; ch < C; ch++) {
                        double meanDxhat = 0;
                        for (int n = 0; n < N; n++) {
                            meanDxhat += c.upstream()[n * C + ch] * gamma[ch];
                        }
                        meanDxhat /= N;
                        for (int n = 0; n < N; n++) {
                            dx[n * C + ch] += (float) (invStd[ch] * meanDxhat);
                        }
                    }
                });
    }
    // docs:end bn-mutation

    /** BN backward without term 3 (the path through the variance). */
    @Test
    void batchNormBackwardMissingTheVarianceTerm() {
        assertCaught("BatchNormalization dx: variance term missing",
                LayerCases.batchNorm(6, 3, 7, 4, true), LayerCases.batchNorm(6, 3, 7, 4, true),
                c -> {
                    BatchNormalization bn = (BatchNormalization) c.layer();
                    int C = 4;
                    int N = c.upstream().length / C;
                    float[] gamma = bn.gamma().value().data();
                    float[] invStd = bn.lastInvStd();
                    float[] xhat = bn.lastXhat().data();
                    float[] dx = c.operand("input").analytic();
                    for (int ch = 0; ch < C; ch++) {
                        double meanDxhatXhat = 0;
                        for (int n = 0; n < N; n++) {
                            meanDxhatXhat += c.upstream()[n * C + ch] * gamma[ch] * xhat[n * C + ch];
                        }
                        meanDxhatXhat /= N;
                        for (int n = 0; n < N; n++) {
                            dx[n * C + ch] += (float) (invStd[ch] * xhat[n * C + ch] * meanDxhatXhat);
                        }
                    }
                });
    }

    @Test
    void maxPoolGradientRoutedToTheNeighbouringStep() {
        int C = 3;
        assertCaught("MaxPooling1D dx: one window's gradient one step off",
                LayerCases.maxPool(7, 2, 19, C, 8), LayerCases.maxPool(7, 2, 19, C, 8),
                c -> {
                    float[] dx = c.operand("input").analytic();
                    int i = argMaxAbs(dx);
                    int j = i + C < dx.length ? i + C : i - C;   // same channel, next (or previous) step
                    dx[j] += dx[i];
                    dx[i] = 0;
                });
    }

    @Test
    void lossGradientWithoutTheBatchMean() {
        assertCaught("softmax + cross-entropy: dz = p - y without 1/B",
                LayerCases.softmaxCrossEntropy(8, 4, 3, 3), LayerCases.softmaxCrossEntropy(8, 4, 3, 3),
                c -> {
                    float[] g = c.operand("logits").analytic();
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= 4;
                    }
                });
    }

    /** The whole-network check catches a 1% error in one element deep inside (conv1d_4's kernel gradient). */
    @Test
    void networkCheckCatchesOneElementOffInALayerDeepInside() {
        int B = 2;
        int length = 70;
        Sequential model = NotebookNet.build(42, length, 3, 6, 5, 4, 8, 8, 0.25);
        model.compile(new SGD(0.01));
        Tensor x = Tensor.of(LayerCases.uniform(new Rng(43), B * length), B, length, 1);
        int[] labels = {0, 2};
        GradCheck.Report bad = NetworkGradientCheckTest.check(model, x, labels, "network, conv1d_4 dW corrupted",
                ops -> ops.stream().filter(o -> o.name().equals("conv1d_4/kernel")).forEach(o -> {
                    float[] g = o.analytic();
                    g[argMaxAbs(g)] *= 1.01f;
                }));
        System.out.printf("%-48s corrupted %.2e (conv1d_4/kernel %.2e) -> caught%n", "network: conv1d_4 dW x1.01",
                bad.overall(), bad.worst().get("conv1d_4/kernel"));
        assertFalse(bad.passed(), bad.toString());
        assertTrue(bad.worst().get("conv1d_4/kernel") > GradCheck.TOLERANCE);
    }
}
