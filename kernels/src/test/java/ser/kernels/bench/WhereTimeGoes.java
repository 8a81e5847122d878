package ser.kernels.bench;

import java.util.SplittableRandom;
import ser.kernels.OpenClBackend;
import ser.kernels.OpenClDevice;
import ser.kernels.OpenClDevices;
import ser.kernels.Profile;

/**
 * Splits the OpenCL backend's time per notebook layer into copies to the device, kernels and copies back (profiling
 * on: each launch waits for its kernel). Not a JMH benchmark: a one-shot breakdown for docs/opencl.md.
 *
 * <pre>
 * java -cp kernels/target/test-classes:kernels/target/classes:$(cat kernels/target/test-classpath.txt) \
 *     ser.kernels.bench.WhereTimeGoes [batch] [repeats]
 * </pre>
 */
public final class WhereTimeGoes {

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        OpenClDevice device = OpenClDevices.all().stream().filter(OpenClDevice::gpu).findFirst()
                .orElse(OpenClDevices.all().get(0));
        int[][] layers = {{259, 1, 256}, {259, 256, 256}, {32, 256, 128}, {32, 128, 128}, {4, 128, 64}, {4, 64, 64}};
        int K = 8, pad = 3;
        try (OpenClBackend cl = OpenClBackend.open(device)) {
            System.out.println("device: " + device.describeLine() + ", tile " + cl.tiles() + ", batch " + batch
                    + ", " + repeats + " repeats after one warm-up");
            cl.setProfiling(true);
            SplittableRandom rng = new SplittableRandom(7);
            for (int[] l : layers) {
                int T = l[0], C = l[1], F = l[2];
                float[] x = ConvBenchmark.uniform(rng, batch * T * C);
                float[] w = ConvBenchmark.uniform(rng, K * C * F);
                float[] bias = ConvBenchmark.uniform(rng, F);
                float[] y = new float[batch * T * F];
                float[] dx = new float[batch * T * C];
                float[] dw = new float[K * C * F];
                float[] db = new float[F];
                String[] names = {"forward", "backward input", "backward weights"};
                for (int op = 0; op < 3; op++) {
                    for (int r = 0; r <= repeats; r++) {
                        if (r == 1) {
                            cl.resetProfile();   // the first call builds nothing but may allocate buffers
                        }
                        switch (op) {
                            case 0 -> cl.conv1dForward(x, w, bias, y, batch, T, C, F, K, pad, T);
                            case 1 -> cl.conv1dBackwardInput(y, w, dx, batch, T, C, F, K, pad, T);
                            default -> cl.conv1dBackwardWeights(x, y, dw, db, batch, T, C, F, K, pad, T);
                        }
                    }
                    Profile p = cl.profile();
                    double flops = 2.0 * batch * T * K * C * F;
                    double perCall = (p.uploadNanos() + p.kernelNanos() + p.downloadNanos()) / 1e6 / repeats;
                    System.out.printf("T=%3d C=%3d F=%3d %-16s %8.2f ms/call, kernel %.2f GFLOP/s | %s%n", T, C, F,
                            names[op], perCall, flops * repeats / p.kernelNanos(), p);
                }
            }
        }
    }
}
