package ser.engine.backend;

/**
 * The direct-loop convolution, the algorithmic reference the GEMM lowering in {@link CpuBackend} is tested against:
 * three passes written straight from the formulas in {@link ser.engine.layers.Conv1D}, float accumulation, no
 * padding buffer, no matrix multiply. Layouts as in {@link ConvBackend}.
 */
public final class DirectConv1D {

    private DirectConv1D() {
    }

    /** y[b,u,f] = bias[f] + sum_{k,c} x[b, u - padLeft + k, c] w[k,c,f]. */
    public static void forward(float[] x, float[] w, float[] bias, float[] y,
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

    /** dx[b,t,c] = sum_{k,f} dy[b, t + padLeft - k, f] w[k,c,f]. */
    public static void backwardInput(float[] dy, float[] w, float[] dx,
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
    public static void backwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
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
}
