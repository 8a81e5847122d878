package ser.engine;

import java.util.Arrays;

/**
 * A float32 array with an explicit shape, stored row-major (the last axis varies fastest), as NumPy and Keras
 * store it.
 *
 * <p>The engine's activations are [B, T, C] (batch, steps, channels; Keras channels_last): element (b, t, c) is
 * {@code data[(b*T + t)*C + c]}. Dense activations are [B, N]: element (b, n) is {@code data[b*N + n]}.
 *
 * <p>A tensor owns no copy of anything: {@link #of} wraps the given array, and {@link #reshape} returns a view on
 * the same array. Layers reuse their output tensors between calls, so a caller that keeps a layer's output past the
 * next call must copy it ({@link #copy()}).
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // docs:begin tensor-of
    /** Wraps data (not copied) with the given shape; data.length must equal the product of the shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.clone();
        long n = checkedSize(s);
        if (data == null || data.length != n) {
            throw new IllegalArgumentException("Tensor.of: shape " + Arrays.toString(s) + " needs " + n
                    + " floats but the array has " + (data == null ? "none (null)" : data.length));
        }
        return new Tensor(data, s);
    }
    // docs:end tensor-of

    /** A new tensor of zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        return new Tensor(new float[(int) checkedSize(s)], s);
    }

    private static long checkedSize(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a tensor needs at least one axis");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements: " + n);
        }
        return n;
    }

    /** The backing array (not a copy); its length is {@link #size()}. */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of one axis; negative axes count from the end (-1 is the last). */
    public int dim(int axis) {
        int a = axis < 0 ? shape.length + axis : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " out of range for shape " + Arrays.toString(shape));
        }
        return shape[a];
    }

    /** Number of elements, the product of the shape. */
    public int size() {
        return data.length;
    }

    // docs:begin tensor-reshape
    /** A view with another shape of the same size, sharing this tensor's array. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        if (checkedSize(s) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " (" + data.length
                    + " elements) to " + Arrays.toString(s));
        }
        return new Tensor(data, s);
    }
    // docs:end tensor-reshape

    /** A deep copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** True when the shapes are equal. */
    public boolean hasShape(int... s) {
        return Arrays.equals(shape, s);
    }

    /** The shape as Keras prints it, e.g. "(16, 259, 1)". */
    public String shapeString() {
        return shapeString(shape);
    }

    /** Formats a shape as "(a, b, c)". */
    public static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}
