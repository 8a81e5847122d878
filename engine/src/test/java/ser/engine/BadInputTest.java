package ser.engine;

import ser.engine.models.Sequential;
import org.junit.jupiter.api.Test;
import ser.engine.layers.Activation;
import ser.engine.layers.Conv1D;
import ser.engine.layers.Dense;
import ser.engine.layers.MaxPooling1D;
import ser.engine.layers.Padding;
import ser.engine.optim.SGD;
import ser.engine.train.FitSettings;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every misuse gets a one-line message that names the layer (or argument) and the shapes involved. */
class BadInputTest {

    private static void assertMessage(Throwable e, String... parts) {
        System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void denseOnAnUnflattenedInput() {
        Sequential m = new Sequential(1, 259, 1);
        m.add(new Conv1D(4, 8, Padding.SAME));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(new Dense(2))),
                "dense_1 (Dense)", "(None, 259, 4)", "Flatten");
    }

    @Test
    void validConvolutionOnATooShortInput() {
        Sequential m = new Sequential(1, 5, 1);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(new Conv1D(4, 8, Padding.VALID))),
                "conv1d_1 (Conv1D)", "(None, 5, 1)", "kernel_size 8");
    }

    @Test
    void poolingLongerThanTheInput() {
        Sequential m = new Sequential(1, 5, 2);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> m.add(new MaxPooling1D(8))),
                "max_pooling1d_1 (MaxPooling1D)", "(None, 5, 2)", "pool_size 8");
    }

    @Test
    void layerForwardWithTheWrongShape() {
        Conv1D conv = new Conv1D(4, 8, Padding.SAME);
        conv.setName("conv1d_7");
        conv.build(new int[] {259, 3}, new Rng(0));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 259, 2), true)),
                "conv1d_7 (Conv1D)", "(None, 259, 3)", "(2, 259, 2)");
        conv.forward(Tensor.zeros(2, 259, 3), true);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> conv.backward(Tensor.zeros(2, 259, 5))),
                "conv1d_7 (Conv1D)", "(2, 259, 4)", "(2, 259, 5)");
    }

    @Test
    void backwardBeforeForward() {
        Dense d = new Dense(2);
        d.build(new int[] {3}, new Rng(0));
        assertMessage(assertThrows(IllegalStateException.class, () -> d.backward(Tensor.zeros(1, 2))),
                "dense (Dense)", "before forward");
    }

    @Test
    void wrongWeightArraySize() {
        Sequential m = new Sequential(1, 10, 1);
        m.add(new Conv1D(4, 8, Padding.SAME));
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.layers().get(0).weights().get(0).set(new float[31])),
                "conv1d_1/kernel", "32", "(8, 1, 4)", "31");
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.layers().get(0).weights().get(1).set(Tensor.zeros(5))),
                "conv1d_1/bias", "(4,)", "(5,)");
    }

    @Test
    void fitWithMismatchedDataOrLabels() {
        Sequential m = NotebookNet.build(1, 16, 2, 2, 2, 2, 4, 2, 0.25);
        m.compile(new SGD(0.01));
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.fit(Tensor.zeros(4, 15, 1), new int[4], FitSettings.builder().batchSize(2).build())),
                "fit", "(None, 16, 1)", "(4, 15, 1)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.fit(Tensor.zeros(4, 16, 1), new int[3], FitSettings.builder().batchSize(2).build())),
                "fit", "4 samples", "3 labels");
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.fit(Tensor.zeros(2, 16, 1), new int[] {0, 2}, FitSettings.builder().batchSize(2).build())),
                "label 2", "sample 1", "[0, 2)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                        () -> m.evaluate(Tensor.zeros(2, 16, 1), new int[] {0, 1}, 0)),
                "evaluate", "batch size");
    }

    @Test
    void compileNeedsSoftmaxLast() {
        Sequential m = new Sequential(1, 4);
        m.add(new Dense(2));
        assertMessage(assertThrows(IllegalStateException.class, () -> m.compile(new SGD(0.1))),
                "Activation('softmax')", "dense_1");
        m.add(new Activation("relu"));
        assertMessage(assertThrows(IllegalStateException.class, () -> m.compile(new SGD(0.1))), "activation_1");
    }

    @Test
    void unknownActivationAndBadHyperParameters() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Activation("tanh")), "tanh", "relu, softmax");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ser.engine.layers.Dropout(1.0)), "rate", "1.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Conv1D(0, 8, Padding.SAME)), "filters=0");
    }
}
