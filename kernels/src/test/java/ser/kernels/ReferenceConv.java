package ser.kernels;

/**
 * The three convolution products written as the definitions in ConvBackend's javadoc, one direct loop each, summed in
 * double. Each returns two arrays: {exact sums, sums of |terms|}. The second is, per output element, the scale of
 * the sum against which a float result's rounding error is measured ({@link Accuracy}).
 */
final class ReferenceConv {

    private ReferenceConv() {
    }

    /** y[b,u,f] = bias[f] + sum_{k,c} x[b, u-pad+k, c] * w[k,c,f]. */
    static double[][] forward(float[] x, float[] w, float[] bias, int B, int T, int C, int F, int K, int pad, int U) {
        double[] y = new double[B * U * F];
        double[] scale = new double[B * U * F];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    double s = bias[f];
                    double a = Math.abs(bias[f]);
                    for (int k = 0; k < K; k++) {
                        int t = u - pad + k;
                        if (t < 0 || t >= T) {
                            continue;
                        }
                        for (int c = 0; c < C; c++) {
                            double term = (double) x[(b * T + t) * C + c] * w[(k * C + c) * F + f];
                            s += term;
                            a += Math.abs(term);
                        }
                    }
                    y[(b * U + u) * F + f] = s;
                    scale[(b * U + u) * F + f] = a;
                }
            }
        }
        return new double[][] {y, scale};
    }

    /** dx[b,t,c] = sum over (u,k) with u - pad + k = t of dy[b,u,f] * w[k,c,f]. */
    static double[][] backwardInput(float[] dy, float[] w, int B, int T, int C, int F, int K, int pad, int U) {
        double[] dx = new double[B * T * C];
        double[] scale = new double[B * T * C];
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int k = 0; k < K; k++) {
                    int t = u - pad + k;
                    if (t < 0 || t >= T) {
                        continue;
                    }
                    for (int c = 0; c < C; c++) {
                        double s = 0;
                        double a = 0;
                        for (int f = 0; f < F; f++) {
                            double term = (double) dy[(b * U + u) * F + f] * w[(k * C + c) * F + f];
                            s += term;
                            a += Math.abs(term);
                        }
                        dx[(b * T + t) * C + c] += s;
                        scale[(b * T + t) * C + c] += a;
                    }
                }
            }
        }
        return new double[][] {dx, scale};
    }

    /**
     * dw0[k,c,f] + sum_{b,u} x[b, u-pad+k, c] * dy[b,u,f], and dbias0[f] + sum_{b,u} dy[b,u,f], in one array each
     * (dw first, then dbias).
     */
    static double[][] backwardWeights(float[] x, float[] dy, float[] dw0, float[] dbias0,
                                      int B, int T, int C, int F, int K, int pad, int U) {
        double[] out = new double[K * C * F + F];
        double[] scale = new double[K * C * F + F];
        for (int i = 0; i < K * C * F; i++) {
            out[i] = dw0[i];
            scale[i] = Math.abs(dw0[i]);
        }
        for (int f = 0; f < F; f++) {
            out[K * C * F + f] = dbias0[f];
            scale[K * C * F + f] = Math.abs(dbias0[f]);
        }
        for (int b = 0; b < B; b++) {
            for (int u = 0; u < U; u++) {
                for (int f = 0; f < F; f++) {
                    double g = dy[(b * U + u) * F + f];
                    out[K * C * F + f] += g;
                    scale[K * C * F + f] += Math.abs(g);
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
                            out[row + f] += term;
                            scale[row + f] += Math.abs(term);
                        }
                    }
                }
            }
        }
        return new double[][] {out, scale};
    }
}
