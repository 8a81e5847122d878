package ser.features.dsp;

/**
 * librosa 0.6.3's {@code feature.delta(data, width, order, axis=-1, mode='interp')}, which is
 * {@code scipy.signal.savgol_filter(data, width, deriv=order, polyorder=order, mode='interp')} along the frame axis.
 *
 * <p>Savitzky-Golay with polyorder = deriv = order fits a polynomial of degree {@code order} by least squares to
 * {@code width} consecutive frames; its {@code order}-th derivative is the constant {@code order! * a_order}, where
 * a_order is the fit's leading coefficient. So every output is one weighted sum over a window:
 * <pre>
 *   z_i  = i - h,  i = 0 .. width-1,  h = width / 2            window positions
 *   A    = [z_i^j]  (width x (order+1)),  w = last row of (A^T A)^-1 A^T
 *   d[t] = order! * sum_i w_i * x[s(t) + i]
 *   s(t) = t - h   in the interior (h <= t < T - h): the window centred on t
 *        = 0       for t < h          ('interp': the polynomial fitted to the first width frames)
 *        = T-width for t >= T - h     (and to the last width frames)
 * </pre>
 * For order 1 and width 9 this is d[t] = sum_k k x[t+k] / 60, k = -4..4 (the edges use the slope of the first or
 * last 9 frames). Layout: band-major [rows][frames], as {@link Mfcc.Stages}.
 */
public final class Delta {
    private final int width;
    private final int order;
    private final double[] weights;

    /** @throws IllegalArgumentException unless width is odd and >= 3 and order >= 1 (librosa's checks) */
    public Delta(int width, int order) {
        if (width < 3 || width % 2 != 1) throw new IllegalArgumentException("delta width must be an odd integer >= 3, got " + width);
        if (order < 1) throw new IllegalArgumentException("delta order must be a positive integer, got " + order);
        if (order >= width) throw new IllegalArgumentException("delta order " + order + " needs width > order, got width " + width);
        this.width = width;
        this.order = order;
        this.weights = leadingCoefficientWeights(width, order);
    }

    public int width() {
        return width;
    }

    public int order() {
        return order;
    }

    /**
     * The delta of a [rows][frames] matrix (band-major), same layout.
     *
     * @throws IllegalArgumentException when frames < width (librosa: "width cannot exceed data.shape[axis]")
     */
    public double[] apply(double[] m, int rows, int frames) {
        if (frames < width) {
            throw new IllegalArgumentException("delta: width=" + width + " cannot exceed the number of frames " + frames);
        }
        int h = width / 2;
        double fact = 1;
        for (int k = 2; k <= order; k++) fact *= k;
        double[] out = new double[rows * frames];
        for (int r = 0; r < rows; r++) {
            int base = r * frames;
            for (int t = 0; t < frames; t++) {
                int s = t < h ? 0 : t >= frames - h ? frames - width : t - h;
                double sum = 0;
                for (int i = 0; i < width; i++) sum += weights[i] * m[base + s + i];
                out[base + t] = fact * sum;
            }
        }
        return out;
    }

    /** Last row of (A^T A)^-1 A^T for A[i][j] = (i - h)^j: solves (A^T A) u = e_order, then w = A u. */
    static double[] leadingCoefficientWeights(int width, int order) {
        int n = order + 1;
        int h = width / 2;
        double[][] g = new double[n][n + 1];       // [A^T A | e_order], symmetric so u^T = e^T (A^T A)^-1
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = 0;
                for (int i = 0; i < width; i++) s += Math.pow(i - h, a + b);
                g[a][b] = s;
            }
            g[a][n] = a == order ? 1 : 0;
        }
        for (int col = 0; col < n; col++) {        // Gauss-Jordan with partial pivoting
            int p = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(g[r][col]) > Math.abs(g[p][col])) p = r;
            double[] tmp = g[col]; g[col] = g[p]; g[p] = tmp;
            for (int r = 0; r < n; r++) {
                if (r == col) continue;
                double f = g[r][col] / g[col][col];
                for (int c = col; c <= n; c++) g[r][c] -= f * g[col][c];
            }
        }
        double[] u = new double[n];
        for (int a = 0; a < n; a++) u[a] = g[a][n] / g[a][a];
        double[] w = new double[width];
        for (int i = 0; i < width; i++) {
            double s = 0;
            for (int a = 0; a < n; a++) s += u[a] * Math.pow(i - h, a);
            w[i] = s;
        }
        return w;
    }
}
