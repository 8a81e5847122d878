package ser.engine.layers;

import ser.engine.Tensor;

import java.util.Arrays;

/**
 * One named weight of a layer, with its gradient. Names and value shapes follow Keras: Conv1D {@code kernel}
 * (K, C, F) and {@code bias} (F); Dense {@code kernel} (in, units) and {@code bias} (units); BatchNormalization
 * {@code gamma}, {@code beta}, {@code moving_mean}, {@code moving_variance}, each (C).
 *
 * <p>Gradients accumulate ({@code +=}) in backward; {@link #zeroGrad()} clears them. Non-trainable weights (BN's
 * moving statistics) have no gradient.
 */
public final class Weight {

    private final String name;
    private final String path;
    private final Tensor value;
    private final Tensor grad; // null when not trainable

    Weight(String layerName, String name, boolean trainable, int... shape) {
        this.name = name;
        this.path = layerName + "/" + name;
        this.value = Tensor.zeros(shape);
        this.grad = trainable ? Tensor.zeros(shape) : null;
    }

    /** Keras weight name: kernel, bias, gamma, beta, moving_mean or moving_variance. */
    public String name() {
        return name;
    }

    /** Layer and weight name as Keras writes them in weight files, e.g. "conv1d_1/kernel". */
    public String path() {
        return path;
    }

    /** The value (live: writing its data changes the layer). */
    public Tensor value() {
        return value;
    }

    /** dLoss/dvalue, same shape as value; null when not trainable. */
    public Tensor grad() {
        return grad;
    }

    public boolean trainable() {
        return grad != null;
    }

    /** Number of scalars, the product of the value's shape. */
    public int size() {
        return value.size();
    }

    /**
     * Copies values in, checking the size (values are in the value's row-major Keras layout).
     *
     * @throws IllegalArgumentException naming this weight and both sizes when values has the wrong length
     */
    public void set(float[] values) {
        if (values == null || values.length != value.size()) {
            throw new IllegalArgumentException(path + ": expected " + value.size() + " values for shape "
                    + value.shapeString() + " but got " + (values == null ? "null" : values.length));
        }
        System.arraycopy(values, 0, value.data(), 0, values.length);
    }

    /**
     * Copies a tensor in, checking the shape.
     *
     * @throws IllegalArgumentException naming this weight and both shapes when they differ
     */
    public void set(Tensor t) {
        if (!Arrays.equals(t.shape(), value.shape())) {
            throw new IllegalArgumentException(path + ": expected shape " + value.shapeString() + " but got "
                    + t.shapeString());
        }
        set(t.data());
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad.data(), 0f);
        }
    }

    @Override
    public String toString() {
        return path + value.shapeString();
    }
}
