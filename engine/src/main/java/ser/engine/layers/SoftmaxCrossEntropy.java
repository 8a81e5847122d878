package ser.engine.layers;

/**
 * Categorical cross-entropy on softmax probabilities, with the gradient taken straight to the softmax's input
 * (the logits) in the fused, numerically stable form.
 *
 * <p>Keras 2.2 with the TensorFlow backend computes, for probabilities p (the softmax output) and one-hot y,
 * <pre>
 *   q = p / sum_i p_i,   loss = - log( clip(q_y, eps, 1 - eps) ),   eps = 1e-7 (K.epsilon()),
 * </pre>
 * and the batch loss is the mean over samples. Through softmax, the gradient of -log q_y with respect to the logits
 * z is
 * <pre>
 *   dloss/dz_i = p_i - y_i
 * </pre>
 * (derivation in docs/dense-softmax.md). Where the clip is active (q_y &lt; eps or q_y &gt; 1 - eps) TensorFlow's
 * clip_by_value passes no gradient, so the whole sample's gradient is exactly zero; this class does the same. For
 * q_y &gt; 1 - eps that changes nothing visible (|p - y| &lt; 1e-7 anyway); for a confidently wrong sample,
 * q_y &lt; 1e-7, Keras stops learning from it and so do we. The loss there is -log(1e-7) = 16.118.
 */
public final class SoftmaxCrossEntropy {

    /** Keras' K.epsilon() as a float32. */
    public static final float EPSILON = 1e-7f;

    private SoftmaxCrossEntropy() {
    }

    // docs:begin softmax-cross-entropy
    /**
     * Mean loss over the batch and, when dLogits is not null, dLoss/dLogits.
     *
     * @param probs   [B, K] softmax output (rows sum to 1)
     * @param labels  [B] class indices in [0, K)
     * @param dLogits [B, K] written (not accumulated) with (p - y) / B, zero rows where the clip is active; or null
     * @return mean over the batch of -log(clip(p_label))
     */
    public static double lossAndGradient(float[] probs, int[] labels, int B, int K, float[] dLogits) {
        double total = 0;
        for (int b = 0; b < B; b++) {
            int row = b * K;
            float sum = 0f;
            for (int k = 0; k < K; k++) {
                sum += probs[row + k];
            }
            float q = probs[row + labels[b]] / sum;
            boolean clipped = q < EPSILON || q > 1f - EPSILON;
            total += -Math.log(Math.min(Math.max(q, EPSILON), 1f - EPSILON));
            if (dLogits != null) {
                for (int k = 0; k < K; k++) {
                    float y = k == labels[b] ? 1f : 0f;
                    dLogits[row + k] = clipped ? 0f : (probs[row + k] - y) / B;
                }
            }
        }
        return total / B;
    }
    // docs:end softmax-cross-entropy

    /** Number of rows whose argmax (first on ties) equals the label: Keras' categorical accuracy times B. */
    public static int correct(float[] probs, int[] labels, int B, int K) {
        int n = 0;
        for (int b = 0; b < B; b++) {
            int best = 0;
            for (int k = 1; k < K; k++) {
                if (probs[b * K + k] > probs[b * K + best]) {
                    best = k;
                }
            }
            if (best == labels[b]) {
                n++;
            }
        }
        return n;
    }
}
