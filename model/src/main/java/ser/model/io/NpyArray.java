package ser.model.io;

import java.util.Arrays;

/**
 * One NumPy array in memory: a dtype descriptor, a C-order shape and the values in one flat Java array
 * ({@code float[]} for {@code <f4}, {@code int[]} for {@code <i4}, {@code long[]} for {@code <i8},
 * {@code String[]} for {@code <Un}).
 */
public record NpyArray(String descr, int[] shape, Object data) {

    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        int length;
        if (data instanceof float[] a) {
            length = a.length;
        } else if (data instanceof int[] a) {
            length = a.length;
        } else if (data instanceof long[] a) {
            length = a.length;
        } else if (data instanceof String[] a) {
            length = a.length;
        } else {
            throw new IllegalArgumentException("unsupported data " + data.getClass().getSimpleName());
        }
        if (length != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + length);
        }
    }

    public static NpyArray ofFloats(float[] data, int... shape) {
        return new NpyArray("<f4", shape, data);
    }

    public static NpyArray ofInts(int[] data, int... shape) {
        return new NpyArray("<i4", shape, data);
    }

    public static NpyArray ofLongs(long[] data, int... shape) {
        return new NpyArray("<i8", shape, data);
    }

    /** A 1-D {@code <Un} array, n the longest string's length in code points (at least 1). */
    public static NpyArray ofStrings(String... data) {
        int width = 1;
        for (String s : data) {
            width = Math.max(width, s.codePointCount(0, s.length()));
        }
        return new NpyArray("<U" + width, new int[]{data.length}, data.clone());
    }

    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public float[] floats() {
        return (float[]) data;
    }

    /** Integer values of an {@code <i4} or {@code <i8} array (int64 values must fit in an int). */
    public int[] ints() {
        if (data instanceof int[] a) {
            return a;
        }
        long[] l = (long[]) data;
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i]) {
                throw new IllegalArgumentException("value " + l[i] + " at index " + i + " does not fit in int32");
            }
            out[i] = (int) l[i];
        }
        return out;
    }

    public String[] strings() {
        return (String[]) data;
    }

    public boolean isFloat32() {
        return data instanceof float[];
    }

    public boolean isInteger() {
        return data instanceof int[] || data instanceof long[];
    }

    public boolean isString() {
        return data instanceof String[];
    }
}
