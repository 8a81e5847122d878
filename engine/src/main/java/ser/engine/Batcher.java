package ser.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Copies chosen samples of a data set into a reused batch: samples index[start .. start+B) of x [N, shape...]
 * become batch [B, shape...], and their labels a reused int[B]. One buffer per batch size, so a steady loop
 * allocates nothing.
 */
public final class Batcher {

    private final int[] sampleShape;
    private final Map<Integer, Tensor> inputs = new HashMap<>();
    private int[] labels = new int[0];

    /** For samples of the given shape (no batch axis). */
    public Batcher(int[] sampleShape) {
        this.sampleShape = sampleShape.clone();
    }

    /** 0, 1, ..., n-1: the order of predict and evaluate. */
    public static int[] identity(int n) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        return index;
    }

    /** batch[b] = x[index[start + b]] for b < B, in a buffer reused for the same B. */
    public Tensor gather(Tensor x, int[] index, int start, int B) {
        int sampleSize = x.size() / x.dim(0);
        Tensor batch = inputs.computeIfAbsent(B, b -> {
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = b;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            return Tensor.zeros(shape);
        });
        for (int b = 0; b < B; b++) {
            System.arraycopy(x.data(), index[start + b] * sampleSize, batch.data(), b * sampleSize, sampleSize);
        }
        return batch;
    }

    /** yb[b] = y[index[start + b]] for b < B, in an array reused while B stays the same. */
    public int[] gatherLabels(int[] y, int[] index, int start, int B) {
        if (labels.length != B) {
            labels = new int[B];
        }
        for (int b = 0; b < B; b++) {
            labels[b] = y[index[start + b]];
        }
        return labels;
    }
}
