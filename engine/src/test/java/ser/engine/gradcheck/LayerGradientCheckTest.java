package ser.engine.gradcheck;

import org.junit.jupiter.api.Test;
import ser.engine.layers.Padding;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks of every layer, on the input and every trainable weight, against the
 * independent double-precision reference forwards in {@link Ref}. Prints the worst relative error of each check.
 */
class LayerGradientCheckTest {

    private static void assertPasses(LayerCases.Case c) {
        GradCheck.Report r = c.run();
        System.out.println(r);
        assertTrue(r.passed(), "gradient check failed: " + r);
    }

    @Test
    void conv1dSameEvenKernel() {
        assertPasses(LayerCases.conv(1, 2, 11, 3, 4, 8, Padding.SAME));   // 3 zeros left, 4 right
    }

    @Test
    void conv1dSameOddKernel() {
        assertPasses(LayerCases.conv(2, 2, 9, 2, 3, 5, Padding.SAME));
    }

    @Test
    void conv1dValid() {
        assertPasses(LayerCases.conv(3, 2, 12, 3, 4, 4, Padding.VALID));
    }

    @Test
    void conv1dBatchOneOneChannel() {
        assertPasses(LayerCases.conv(4, 1, 10, 1, 5, 8, Padding.SAME));
    }

    @Test
    void conv1dNotebookFirstLayerShape() {
        assertPasses(LayerCases.conv(8, 1, 259, 1, 3, 8, Padding.SAME)); // (259, 1) input, batch 1, narrow
    }

    @Test
    void conv1dInputShorterThanKernel() {
        assertPasses(LayerCases.conv(5, 2, 3, 2, 3, 8, Padding.SAME));    // every window is mostly padding
    }

    @Test
    void conv1dLengthOne() {
        assertPasses(LayerCases.conv(6, 2, 1, 4, 3, 8, Padding.SAME));
    }

    @Test
    void conv1dValidKernelEqualsLength() {
        assertPasses(LayerCases.conv(7, 2, 8, 2, 3, 8, Padding.VALID));   // output length 1
    }

    @Test
    void batchNormTraining() {
        assertPasses(LayerCases.batchNorm(10, 3, 7, 4, true));
    }

    @Test
    void batchNormTrainingBatchOne() {
        assertPasses(LayerCases.batchNorm(11, 1, 9, 3, true));
    }

    @Test
    void batchNormInference() {
        assertPasses(LayerCases.batchNorm(12, 2, 6, 3, false));
    }

    @Test
    void relu() {
        assertPasses(LayerCases.relu(20, 2, 9, 3));
    }

    @Test
    void softmax() {
        assertPasses(LayerCases.softmax(21, 3, 5));
    }

    @Test
    void dropoutTraining() {
        assertPasses(LayerCases.dropout(30, 2, 10, 4, 0.25, true));
    }

    @Test
    void dropoutInference() {
        assertPasses(LayerCases.dropout(31, 2, 10, 4, 0.25, false));
    }

    @Test
    void maxPoolLengthNotDivisible() {
        assertPasses(LayerCases.maxPool(40, 2, 19, 3, 8));                // 19 -> 2, three steps dropped
    }

    @Test
    void maxPoolNotebookLength259To32() {
        assertPasses(LayerCases.maxPool(42, 1, 259, 2, 8));               // 259 -> 32, three steps dropped
    }

    @Test
    void maxPoolBatchOneOneChannel() {
        assertPasses(LayerCases.maxPool(41, 1, 16, 1, 4));
    }

    @Test
    void flatten() {
        assertPasses(LayerCases.flatten(50, 2, 4, 3));
    }

    @Test
    void dense() {
        assertPasses(LayerCases.dense(60, 3, 12, 4));
    }

    @Test
    void denseBatchOne() {
        assertPasses(LayerCases.dense(61, 1, 7, 2));
    }

    @Test
    void softmaxCrossEntropyFused() {
        assertPasses(LayerCases.softmaxCrossEntropy(70, 4, 3, 3));
    }
}
