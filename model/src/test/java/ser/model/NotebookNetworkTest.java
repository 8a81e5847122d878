package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ser.engine.models.Sequential;
import ser.engine.layers.Layer;
import ser.engine.layers.Weight;

class NotebookNetworkTest {

    @Test
    void hasTheNotebookLayersAndKerasWeightShapes() {
        Sequential m = NotebookNetwork.build(1, 259, 2);
        List<String> names = m.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("conv1d_1", "activation_1", "conv1d_2", "batch_normalization_1", "activation_2",
                "dropout_1", "max_pooling1d_1", "conv1d_3", "activation_3", "conv1d_4", "activation_4", "conv1d_5",
                "activation_5", "conv1d_6", "batch_normalization_2", "activation_6", "dropout_2", "max_pooling1d_2",
                "conv1d_7", "activation_7", "conv1d_8", "activation_8", "flatten_1", "dense_1", "activation_9"), names);
        assertArrayEquals(new int[]{8, 1, 256}, shape(m, "conv1d_1/kernel"));
        assertArrayEquals(new int[]{8, 256, 256}, shape(m, "conv1d_2/kernel"));
        assertArrayEquals(new int[]{8, 256, 128}, shape(m, "conv1d_3/kernel"));
        assertArrayEquals(new int[]{8, 64, 64}, shape(m, "conv1d_8/kernel"));
        assertArrayEquals(new int[]{256}, shape(m, "batch_normalization_1/moving_mean"));
        assertArrayEquals(new int[]{256, 2}, shape(m, "dense_1/kernel"));
        assertArrayEquals(new int[]{2}, m.outputShape());
    }

    @Test
    void parameterCountsMatchKeras() {
        // by hand: conv K*C*F + F; BN 4*C (2*C trainable); dense 256*2 + 2
        long conv = (8 * 1 * 256 + 256) + (8 * 256 * 256 + 256) + (8 * 256 * 128 + 128) + 3L * (8 * 128 * 128 + 128)
                + (8 * 128 * 64 + 64) + (8 * 64 * 64 + 64);
        long bn = 4 * 256 + 4 * 128;
        long total = conv + bn + 256 * 2 + 2;
        assertEquals(1_283_202L, total, "the hand count itself");
        Sequential m = NotebookNetwork.build(1, 259, 2);
        String summary = m.summary();
        assertTrue(summary.contains("Total params: 1,283,202"), summary);
        assertTrue(summary.contains("Trainable params: 1,282,434"), summary);
        assertTrue(summary.contains("Non-trainable params: 768"), summary);
    }

    @Test
    void aNarrowerWidthScalesEveryConvolutionAndNothingElse() {
        Sequential tiny = NotebookNetwork.build(1, 259, 2, 0.125);
        Sequential full = NotebookNetwork.build(1, 259, 2);
        assertEquals(full.layers().stream().map(Layer::name).toList(), tiny.layers().stream().map(Layer::name).toList());
        assertArrayEquals(new int[]{8, 1, 32}, shape(tiny, "conv1d_1/kernel"));
        assertArrayEquals(new int[]{8, 32, 32}, shape(tiny, "conv1d_2/kernel"));
        assertArrayEquals(new int[]{8, 32, 16}, shape(tiny, "conv1d_3/kernel"));
        assertArrayEquals(new int[]{8, 16, 8}, shape(tiny, "conv1d_7/kernel"));
        assertArrayEquals(new int[]{32, 2}, shape(tiny, "dense_1/kernel"));   // 4 steps x 8 channels
        // by hand: conv K*C*F + F, BN 4*C, dense 32*2 + 2
        long total = (8 * 32 + 32) + (8 * 32 * 32 + 32) + 4 * 32 + (8 * 32 * 16 + 16) + 3 * (8 * 16 * 16 + 16)
                + 4 * 16 + (8 * 16 * 8 + 8) + (8 * 8 * 8 + 8) + (32 * 2 + 2);
        assertEquals(20_626L, total, "the hand count itself");
        assertTrue(tiny.summary().contains("Total params: 20,626"), tiny.summary());
        assertEquals(full.summary(), NotebookNetwork.build(1, 259, 2, 1.0).summary(), "width 1 is the notebook's");
        assertArrayEquals(new int[]{8, 1, 1}, shape(NotebookNetwork.build(1, 259, 2, 0.001), "conv1d_1/kernel"),
                "at least one filter");
        for (double bad : new double[]{0, -0.5, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> NotebookNetwork.build(1, 259, 2, bad), "width " + bad);
        }
    }

    private static int[] shape(Sequential m, String path) {
        for (Weight w : m.weights()) {
            if (w.path().equals(path)) {
                return w.value().shape();
            }
        }
        throw new AssertionError("no weight " + path);
    }
}
