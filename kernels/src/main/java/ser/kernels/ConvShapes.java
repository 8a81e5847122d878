package ser.kernels;

/** Argument checks of the ConvBackend calls, so bad shapes fail with one line instead of deep in a kernel. */
final class ConvShapes {

    private final String call;
    private final String dims;

    private ConvShapes(String call, String dims) {
        this.call = call;
        this.dims = dims;
    }

    static ConvShapes check(String call, int B, int T, int C, int F, int K, int padLeft, int U) {
        String dims = "B=" + B + " T=" + T + " C=" + C + " F=" + F + " K=" + K + " padLeft=" + padLeft + " U=" + U;
        if (B < 1 || T < 1 || C < 1 || F < 1 || K < 1 || U < 1 || padLeft < 0) {
            throw new IllegalArgumentException(call + ": every size must be positive and padLeft >= 0, got " + dims);
        }
        if ((long) B * Math.max(T, U) * Math.max(C, F) > Integer.MAX_VALUE || (long) K * C * F > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(call + ": tensors too large for int indexing, " + dims);
        }
        return new ConvShapes(call, dims);
    }

    ConvShapes need(String name, float[] array, int length) {
        if (array == null) {
            throw new IllegalArgumentException(call + ": " + name + " is null (" + dims + ")");
        }
        if (array.length < length) {
            throw new IllegalArgumentException(call + ": " + name + " has " + array.length + " floats, needs "
                    + length + " (" + dims + ")");
        }
        return this;
    }
}
