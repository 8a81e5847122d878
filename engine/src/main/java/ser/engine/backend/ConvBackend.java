package ser.engine.backend;

/**
 * Where the convolutions of a network run. {@link ReferenceBackend} writes the formulas below as loops,
 * {@link CpuBackend} lowers them to matrix products (the default), and the {@code kernels} module plugs an OpenCL
 * backend in behind the same contract.
 *
 * <p>Layouts (row-major, as Keras stores them; B batch, T input steps, U output steps, C input channels,
 * F filters, K kernel width):
 * <pre>
 *   x    [B, T, C]   x[(b*T + t)*C + c]
 *   w    [K, C, F]   w[(k*C + c)*F + f]      (Keras Conv1D kernel layout)
 *   bias [F]
 *   y    [B, U, F]   y[(b*U + u)*F + f]
 * </pre>
 * With stride 1, output step u reads input steps {@code u - padLeft + k}, k = 0..K-1; steps outside [0, T) read
 * zero. Keras 'same' has U = T and padLeft = (K-1)/2 (3 for K = 8, the other 4 zeros on the right); 'valid' has
 * U = T - K + 1 and padLeft = 0.
 *
 * <p>Implementations must be deterministic: the same inputs give the same bits on every call.
 */
public interface ConvBackend extends AutoCloseable {

    /** A short name for messages, e.g. "cpu" or "opencl:NVIDIA H100". */
    String name();

    /** y = conv(x, w) + bias. Writes every element of y (no accumulation). */
    void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                       int B, int T, int C, int F, int K, int padLeft, int U);

    /** dx = dL/dx given dy = dL/dy. Writes every element of dx (no accumulation). */
    void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                             int B, int T, int C, int F, int K, int padLeft, int U);

    /** dw += dL/dw and dbias += dL/dbias given x and dy. Accumulates, like every parameter gradient. */
    void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                               int B, int T, int C, int F, int K, int padLeft, int U);

    /** Releases device resources; the CPU backend has none. */
    @Override
    default void close() {
    }
}
