package ser.engine.backend;

/**
 * The reference {@link ConvBackend}: the three passes of Conv1D written straight from their formulas (see
 * {@link ser.engine.layers.Conv1D} and docs/conv1d.md), one output element per loop body, float accumulation, no
 * padding buffer, no matrix multiply, one thread. It is the backend a reader meets first and the one the fast
 * {@link CpuBackend} is tested against; {@code --backend reference} trains with it (slowly: one
 * thread and no blocking). Layouts and the meaning of padLeft/U are in {@link ConvBackend}.
 */
public final class ReferenceBackend implements ConvBackend {

    @Override
    public String name() {
        return "reference (direct loops, 1 thread)";
    }

    // docs:begin reference-forward
    /** y[b,u,f] = bias[f] + sum_{k,c} x[b, u - padLeft + k, c] w[k,c,f]. */
    @Override
    public void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                              int B, int T, int C, int F, int K, int padLeft, int U) {
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    float s = 0f;
                    for (int k = 0; k < K; k++) {
                        int t = u - padLeft + k;
                        if (t >= 0 && t < T) {
                            for (int c = 0; c < C; c++) {
                                s += x[(b * T + t) * C + c] * w[(k * C + c) * F + f];
                            }
                        }
                    }
                    y[(b * U + u) * F + f] = s + bias[f];
                }
            }
        }
    }

    // docs:end reference-forward

    // docs:begin reference-backward
    /** dx[b,t,c] = sum_{k,f} dy[b, t + padLeft - k, f] w[k,c,f]. */
    @Override
    public void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                                    int B, int T, int C, int F, int K, int padLeft, int U) {
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                for (int c = 0; c < C; c++) {
                    float s = 0f;
                    for (int k = 0; k < K; k++) {
                        int u = t + padLeft - k;
                        if (u >= 0 && u < U) {
                            for (int f = 0; f < F; f++) {
                                s += dy[(b * U + u) * F + f] * w[(k * C + c) * F + f];
                            }
                        }
                    }
                    dx[(b * T + t) * C + c] = s;
                }
            }
        }
    }

    /** dw[k,c,f] += sum_{b,u} x[b, u - padLeft + k, c] dy[b,u,f]; dbias[f] += sum_{b,u} dy[b,u,f]. */
    @Override
    public void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                      int B, int T, int C, int F, int K, int padLeft, int U) {
        for (int k = 0; k < K; k++) {
            for (int c = 0; c < C; c++) {
                for (int f = 0; f < F; f++) {
                    float s = 0f;
                    for (int b = 0; b < B; b++) {
                        for (int u = 0; u < U; u++) {
                            int t = u - padLeft + k;
                            if (t >= 0 && t < T) {
                                s += x[(b * T + t) * C + c] * dy[(b * U + u) * F + f];
                            }
                        }
                    }
                    dw[(k * C + c) * F + f] += s;
                }
            }
        }
        for (int f = 0; f < F; f++) {
            float s = 0f;
            for (int r = 0; r < B * U; r++) {
                s += dy[r * F + f];
            }
            dbias[f] += s;
        }
    }
    // docs:end reference-backward
}
