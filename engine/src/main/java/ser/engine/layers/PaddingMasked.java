package ser.engine.layers;

/**
 * A layer that leaves out the zero rows a clip was padded with. Before each forward the model tells it how many
 * leading steps of each sample of the network's input are real ({@link #validInputSteps(int[], int)}): a sample
 * [T][C] ends with zero rows when its clip was shorter than T frames, and its valid steps run up to its last row
 * that is not all zeros. The layer scales that count to its own time axis (after pooling it is shorter).
 */
public interface PaddingMasked {

    /**
     * @param valid         per sample, the steps of the network input up to its last non-zero row (0..inputSteps)
     * @param inputSteps    T of the network input
     */
    void validInputSteps(int[] valid, int inputSteps);

    /** Steps up to the last row of x [B, T, C] that is not all zeros, per sample. */
    static int[] validSteps(float[] x, int B, int T, int C) {
        int[] valid = new int[B];
        for (int b = 0; b < B; b++) {
            int t = T - 1;
            search:
            for (; t >= 0; t--) {
                int o = (b * T + t) * C;
                for (int c = 0; c < C; c++) {
                    if (x[o + c] != 0f) {
                        break search;
                    }
                }
            }
            valid[b] = t + 1;
        }
        return valid;
    }
}
