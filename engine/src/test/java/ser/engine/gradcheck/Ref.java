package ser.engine.gradcheck;

/**
 * Independent double-precision forwards of every layer, written as the plainest possible loops straight from the
 * Keras definitions (no shared code with the engine). Gradient checks differentiate these numerically, so float32
 * rounding in the engine cannot hide a wrong backward.
 *
 * <p>Layouts as in the engine: x [B, T, C] row-major, conv kernel [K, C, F], dense kernel [N, units].
 */
public final class Ref {

    private Ref() {
    }

    public static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** y[b,u,f] = bias[f] + sum_{k,c} x[b, u - padLeft + k, c] w[k,c,f], zero outside [0, T). */
    public static double[] conv1d(double[] x, int B, int T, int C, double[] w, double[] bias, int F, int K,
                                  boolean same) {
        int padLeft = same ? (K - 1) / 2 : 0;
        int U = same ? T : T - K + 1;
        double[] y = new double[B * U * F];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    double s = bias[f];
                    for (int k = 0; k < K; k++) {
                        int t = u - padLeft + k;
                        if (t < 0 || t >= T) {
                            continue;
                        }
                        for (int c = 0; c < C; c++) {
                            s += x[(b * T + t) * C + c] * w[(k * C + c) * F + f];
                        }
                    }
                    y[(b * U + u) * F + f] = s;
                }
            }
        }
        return y;
    }

    /** Per-channel batch mean and biased variance over all N = len/C rows: {mean[C], var[C]}. */
    public static double[][] batchMoments(double[] x, int C) {
        int N = x.length / C;
        double[] mean = new double[C];
        double[] var = new double[C];
        for (int c = 0; c < C; c++) {
            for (int n = 0; n < N; n++) {
                mean[c] += x[n * C + c];
            }
            mean[c] /= N;
            for (int n = 0; n < N; n++) {
                var[c] += (x[n * C + c] - mean[c]) * (x[n * C + c] - mean[c]);
            }
            var[c] /= N;
        }
        return new double[][] {mean, var};
    }

    /** Training-mode batch norm over the last axis: batch mean and biased variance over all N = len/C rows. */
    public static double[] batchNormTrain(double[] x, int C, double[] gamma, double[] beta, double eps) {
        int N = x.length / C;
        double[][] moments = batchMoments(x, C);
        double[] y = new double[x.length];
        for (int c = 0; c < C; c++) {
            double mean = moments[0][c];
            double var = moments[1][c];
            for (int n = 0; n < N; n++) {
                y[n * C + c] = gamma[c] * (x[n * C + c] - mean) / Math.sqrt(var + eps) + beta[c];
            }
        }
        return y;
    }

    /** Inference-mode batch norm with given moving statistics. */
    public static double[] batchNormInfer(double[] x, int C, double[] gamma, double[] beta, double[] mean,
                                          double[] var, double eps) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i % C;
            y[i] = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + eps) + beta[c];
        }
        return y;
    }

    public static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    /** Softmax over the last axis of length n. */
    public static double[] softmax(double[] x, int n) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length; r += n) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(x[r + j]);
            }
            for (int j = 0; j < n; j++) {
                y[r + j] = Math.exp(x[r + j]) / sum;
            }
        }
        return y;
    }

    /** Inverted dropout with a given 0/1 mask. */
    public static double[] dropout(double[] x, float[] mask, double rate) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = mask[i] != 0 ? x[i] / (1 - rate) : 0;
        }
        return y;
    }

    /** Max over windows of pool steps, stride pool, the T mod pool last steps dropped. */
    public static double[] maxPool(double[] x, int B, int T, int C, int pool) {
        int U = T / pool;
        double[] y = new double[B * U * C];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int c = 0; c < C; c++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < pool; j++) {
                        m = Math.max(m, x[(b * T + u * pool + j) * C + c]);
                    }
                    y[(b * U + u) * C + c] = m;
                }
            }
        }
        return y;
    }

    /** y[b,j] = bias[j] + sum_i x[b,i] w[i,j]. */
    public static double[] dense(double[] x, int B, int N, double[] w, double[] bias, int units) {
        double[] y = new double[B * units];
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < units; j++) {
                double s = bias[j];
                for (int i = 0; i < N; i++) {
                    s += x[b * N + i] * w[i * units + j];
                }
                y[b * units + j] = s;
            }
        }
        return y;
    }

    /** Mean over the batch of -log(clip(p[label], 1e-7, 1 - 1e-7)), as Keras' categorical_crossentropy. */
    public static double crossEntropy(double[] probs, int[] labels, int K) {
        int B = labels.length;
        double total = 0;
        for (int b = 0; b < B; b++) {
            double p = probs[b * K + labels[b]];
            total += -Math.log(Math.min(Math.max(p, 1e-7), 1 - 1e-7));
        }
        return total / B;
    }

    /** sum_i y_i r_i: the scalar whose gradient with respect to y is r (used to check single layers). */
    public static double dot(double[] y, float[] r) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * r[i];
        }
        return s;
    }
}
