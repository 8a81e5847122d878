package ser.kernels;

import ser.engine.backend.ConvBackend;

/** {@link ReferenceConv} behind the ConvBackend interface (rounded to float), standing in for a CPU backend in tests. */
class ReferenceBackend implements ConvBackend {

    int calls;

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void conv1dForward(float[] x, float[] w, float[] bias, float[] y,
                              int B, int T, int C, int F, int K, int padLeft, int U) {
        calls++;
        copy(ReferenceConv.forward(x, w, bias, B, T, C, F, K, padLeft, U)[0], y, 0, 0, B * U * F);
    }

    @Override
    public void conv1dBackwardInput(float[] dy, float[] w, float[] dx,
                                    int B, int T, int C, int F, int K, int padLeft, int U) {
        calls++;
        copy(ReferenceConv.backwardInput(dy, w, B, T, C, F, K, padLeft, U)[0], dx, 0, 0, B * T * C);
    }

    @Override
    public void conv1dBackwardWeights(float[] x, float[] dy, float[] dw, float[] dbias,
                                      int B, int T, int C, int F, int K, int padLeft, int U) {
        calls++;
        double[] r = ReferenceConv.backwardWeights(x, dy, dw, dbias, B, T, C, F, K, padLeft, U)[0];
        copy(r, dw, 0, 0, K * C * F);
        copy(r, dbias, K * C * F, 0, F);
    }

    private static void copy(double[] from, float[] to, int fromOffset, int toOffset, int n) {
        for (int i = 0; i < n; i++) {
            to[toOffset + i] = (float) from[fromOffset + i];
        }
    }
}
