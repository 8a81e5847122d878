package ser.kernels;

/**
 * The three convolution products written as the definitions in Backend's javadoc, one direct loop each, summed in
 * double. With {@code abs} true every term is replaced by its absolute value: that gives, per output element,
 * the scale of the sum (sum of |terms|) against which a float result's rounding error is measured.
 */
final class ReferenceConv {

    private ReferenceConv() {
    }

    /** y[b,u,f] = bias[f] + sum_{k,c} x[b, u-pad+k, c] * w[k,c,f]. */
    static double[] forward(float[] x, float[] w, float[] bias, int B, int T, int C, int F, int K, int pad, int U,
                            boolean abs) {
        double[] y = new double[B * U * F];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    double s = abs ? Math.abs(bias[f]) : bias[f];
                    for (int k = 0; k < K; k++) {
                        int t = u - pad + k;
                        if (t < 0 || t >= T) {
                            continue;
                        }
                        for (int c = 0; c < C; c++) {
                            double term = (double) x[(b * T + t) * C + c] * w[(k * C + c) * F + f];
                            s += abs ? Math.abs(term) : term;
                        }
                    }
                    y[(b * U + u) * F + f] = s;
                }
            }
        }
        return y;
    }

    /** dx[b,t,c] = sum over (u,k) with u - pad + k = t of dy[b,u,f] * w[k,c,f]. */
    static double[] backwardInput(float[] dy, float[] w, int B, int T, int C, int F, int K, int pad, int U,
                                  boolean abs) {
        double[] dx = new double[B * T * C];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int k = 0; k < K; k++) {
                    int t = u - pad + k;
                    if (t < 0 || t >= T) {
                        continue;
                    }
                    for (int c = 0; c < C; c++) {
                        double s = 0;
                        for (int f = 0; f < F; f++) {
                            double term = (double) dy[(b * U + u) * F + f] * w[(k * C + c) * F + f];
                            s += abs ? Math.abs(term) : term;
                        }
                        dx[(b * T + t) * C + c] += s;
                    }
                }
            }
        }
        return dx;
    }

    /** dw0[k,c,f] + sum_{b,u} x[b, u-pad+k, c] * dy[b,u,f], and dbias0[f] + sum_{b,u} dy[b,u,f], in one array
     *  (dw first, then dbias). */
    static double[] backwardWeights(float[] x, float[] dy, float[] dw0, float[] dbias0,
                                    int B, int T, int C, int F, int K, int pad, int U, boolean abs) {
        double[] out = new double[K * C * F + F];
        for (int i = 0; i < K * C * F; i++) {
            out[i] = abs ? Math.abs(dw0[i]) : dw0[i];
        }
        for (int f = 0; f < F; f++) {
            out[K * C * F + f] = abs ? Math.abs(dbias0[f]) : dbias0[f];
        }
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    double g = dy[(b * U + u) * F + f];
                    out[K * C * F + f] += abs ? Math.abs(g) : g;
                }
                for (int k = 0; k < K; k++) {
                    int t = u - pad + k;
                    if (t < 0 || t >= T) {
                        continue;
                    }
                    for (int c = 0; c < C; c++) {
                        double xv = x[(b * T + t) * C + c];
                        int row = (k * C + c) * F;
                        for (int f = 0; f < F; f++) {
                            double term = xv * dy[(b * U + u) * F + f];
                            out[row + f] += abs ? Math.abs(term) : term;
                        }
                    }
                }
            }
        }
        return out;
    }
}
