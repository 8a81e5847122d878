package ser.engine.layers;

import ser.engine.Tensor;

/**
 * Flattens each sample (Keras {@code Flatten}): [B, T, C] -> [B, T*C] in row-major order over (steps, channels),
 * which is Keras' order, so element (t, c) goes to feature t*C + c. Since the tensor is already stored that way,
 * forward and backward are views that share the array; nothing is copied.
 */
public final class Flatten extends Layer {

    private int features;
    private int[] inShapeWithBatch = new int[0];
    private int lastBatch;

    @Override
    public String kerasClassName() {
        return "Flatten";
    }

    @Override
    public String baseName() {
        return "flatten";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).build();
    }

    /** Flatten() from its config (it has no settings). */
    public static Flatten fromConfig(LayerConfig c) {
        c.requireOnly();
        return new Flatten();
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        long n = 1;
        for (int d : in) {
            n *= d;
        }
        features = (int) n;
        inShapeWithBatch = new int[in.length + 1];
        System.arraycopy(in, 0, inShapeWithBatch, 1, in.length);
        return new int[] {features};
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        lastBatch = checkInput(x);
        return x.reshape(lastBatch, features);
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, lastBatch);
        inShapeWithBatch[0] = lastBatch;
        return dy.reshape(inShapeWithBatch);
    }
}
