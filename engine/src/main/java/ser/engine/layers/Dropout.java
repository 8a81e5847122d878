package ser.engine.layers;

import static ser.engine.concurrent.Parallel.GRAIN;

import ser.engine.Rng;
import ser.engine.Tensor;
import ser.engine.concurrent.Parallel;

/**
 * Inverted dropout (Keras {@code Dropout(rate)}), after Srivastava et al., "Dropout: A Simple Way to Prevent Neural
 * Networks from Overfitting" (2014). Input and output shape: any, unchanged.
 *
 * <p>Training: each element is kept with probability 1 - rate and scaled so the expected output equals the input:
 * <pre>
 *   y_i = x_i / (1 - rate) * keep_i               dx_i = dy_i / (1 - rate) * keep_i        (keep_i in {0, 1})
 * </pre>
 * Inference (or rate 0): the identity, y = x and dx = dy (the same tensors are returned).
 *
 * <p>The mask is a pure function of (seed, step, i), so it is reproducible on any thread or device: element i (flat
 * index over the whole batch tensor) at training step s is kept iff
 * {@code Rng.unitFloat(Rng.hash(seed, s, i)) >= rate}. The seed is drawn from the model's {@link Rng} when the layer
 * is built; s is the optimiser's iteration count, passed in by {@link #beginStep(long)} before each training step,
 * so a resumed run draws the same masks as an uninterrupted one.
 */
public final class Dropout extends Layer {

    private final double rate;
    private final float keepProb;
    private long seed;
    private long step;

    private Tensor mask;    // [B, ...] 1 where kept, 0 where dropped, from the last training forward
    private boolean lastIdentity;
    private int lastBatch;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.keepProb = (float) (1.0 - rate);
    }

    public double rate() {
        return rate;
    }

    @Override
    public String kerasClassName() {
        return "Dropout";
    }

    @Override
    public String baseName() {
        return "dropout";
    }

    @Override
    public LayerConfig config() {
        return LayerConfig.builder(kerasClassName(), name()).put("rate", rate).build();
    }

    /** Dropout(rate) from its config; the mask seed is drawn again from the model's rng when it is built. */
    public static Dropout fromConfig(LayerConfig c) {
        c.requireOnly("rate");
        return new Dropout(c.getDouble("rate"));
    }

    @Override
    protected int[] computeOutputShape(int[] in) {
        return in;
    }

    @Override
    protected void createWeights(int[] in, Rng rng) {
        seed = rng.nextLong();
    }

    /** The mask seed drawn at build time. */
    public long seed() {
        return seed;
    }

    /** Sets the mask seed (to reproduce a saved run's masks). */
    public void setSeed(long seed) {
        this.seed = seed;
    }

    @Override
    public void beginStep(long step) {
        this.step = step;
    }

    /** The mask of the last training forward, 1 kept and 0 dropped; null before one. */
    public Tensor lastMask() {
        return mask;
    }

    // docs:begin dropout
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int B = checkInput(x);
        lastBatch = B;
        lastIdentity = !training || rate == 0;
        if (lastIdentity) {
            return x;
        }
        mask = outputBuffer("mask", B);
        Tensor y = outputBuffer("y", B);
        float[] in = x.data();
        float[] m = mask.data();
        float[] out = y.data();
        long threshold = (long) Math.ceil((float) rate * 0x1.0p24); // unitFloat(bits) >= rate  <=>  bits >>> 40 >= threshold
        long s = seed;
        long t = step;
        Parallel.forRange(in.length, GRAIN, (from, to) -> {   // the mask depends on i only: any split agrees
            for (int i = from; i < to; i++) {
                long top24 = Rng.hash(s, t, i) >>> 40;
                m[i] = (float) (((top24 - threshold) >>> 63) ^ 1);  // 1 kept, 0 dropped, without a branch
                out[i] = in[i] / keepProb * m[i];                   // TensorFlow's order: x / keep_prob * mask
            }
        });
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        checkGradOutput(dy, lastBatch);
        if (lastIdentity) {
            return dy;
        }
        Tensor dxTensor = inputBuffer("dx", lastBatch);
        float[] g = dy.data();
        float[] m = mask.data();
        float[] dx = dxTensor.data();
        Parallel.forRange(g.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                dx[i] = g[i] / keepProb * m[i];
            }
        });
        return dxTensor;
    }
    // docs:end dropout
}
