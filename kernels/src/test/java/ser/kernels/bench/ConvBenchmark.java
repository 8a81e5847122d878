package ser.kernels.bench;

import java.util.SplittableRandom;

/** Placeholder: filled in with the CPU backend beside OpenCL once the engine's CpuBackend is merged. */
public class ConvBenchmark {
    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }
}
