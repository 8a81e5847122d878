package ser.kernels;

import java.util.function.Consumer;
import ser.engine.backend.ConvBackend;

/**
 * What {@code --backend auto} gets when it picked a GPU: the OpenCL backend, until one of its calls fails (device
 * lost, out of memory). Then it says so in one line, closes the device and repeats that call and every later one on
 * the CPU backend. Repeating is exact: forward and backward-input overwrite their outputs, and the OpenCL
 * backward-weights leaves the caller's dw and dbias untouched unless it completes (it reads into staging arrays
 * first), so a failed call has changed nothing the CPU call then adds to.
 */
final class FallbackBackend implements ConvBackend {

    private final ConvBackend cpu;
    private final Consumer<String> warn;
    private ConvBackend current;

    FallbackBackend(ConvBackend device, ConvBackend cpu, Consumer<String> warn) {
        this.current = device;
        this.cpu = cpu;
        this.warn = warn;
    }

    @Override
    public synchronized String name() {
        return current.name();
    }

    /** The backend that takes over when the device fails. */
    ConvBackend cpu() {
        return cpu;
    }

    /** The backend now doing the work. */
    synchronized ConvBackend current() {
        return current;
    }

    private void fallBack(OpenClException e, String call) {
        warn.accept("OpenCL failed in " + call + " (" + e.getMessage().lines().findFirst().orElse("")
                + "); continuing on the CPU backend");
        try {
            current.close();
        } catch (RuntimeException ignored) { // the device is already in trouble; the CPU carries on
        }
        current = cpu;
    }

    @Override
    public synchronized void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                                           int B, int T, int C, int F, int K, int padLeft, int U) {
        try {
            current.conv1dForward(x, w, bias, y, B, T, C, F, K, padLeft, U);
        } catch (OpenClException e) {
            fallBack(e, "conv1dForward");
            cpu.conv1dForward(x, w, bias, y, B, T, C, F, K, padLeft, U);
        }
    }

    @Override
    public synchronized void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                                                 int B, int T, int C, int F, int K, int padLeft, int U) {
        try {
            current.conv1dBackwardInput(dy, w, dx, B, T, C, F, K, padLeft, U);
        } catch (OpenClException e) {
            fallBack(e, "conv1dBackwardInput");
            cpu.conv1dBackwardInput(dy, w, dx, B, T, C, F, K, padLeft, U);
        }
    }

    @Override
    public synchronized void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                                   int B, int T, int C, int F, int K, int padLeft, int U) {
        try {
            current.conv1dBackwardWeights(x, dy, dw, dbias, B, T, C, F, K, padLeft, U);
        } catch (OpenClException e) {
            fallBack(e, "conv1dBackwardWeights");
            cpu.conv1dBackwardWeights(x, dy, dw, dbias, B, T, C, F, K, padLeft, U);
        }
    }

    @Override
    public synchronized void close() {
        current.close();
    }
}
