package ser.kernels.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import ser.engine.backend.ConvBackend;
import ser.engine.backend.CpuBackend;
import ser.engine.concurrent.WorkerPool;
import ser.kernels.OpenClBackend;
import ser.kernels.OpenClDevice;
import ser.kernels.OpenClDevices;

/**
 * The three convolution passes of notebook layers on the OpenCL backend and, beside it in the same run, the engine's
 * CPU backend (all cores). OpenCL times include the copies to and from the device, as a layer sees them.
 *
 * <pre>
 * tools/bench kernels ConvBenchmark -f 1 -wi 1 -i 3 -r 1
 * tools/bench kernels ConvBenchmark -p layer=conv2 -p batch=16     (one layer, one batch)
 * </pre>
 * The OpenCL device is the first GPU, else the first device (-Dser.opencl.device=NAME picks by name).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvBenchmark {

    /** conv1: 259 steps, 1 -> 256; conv2: 259, 256 -> 256; conv3: 32, 256 -> 128; conv7: 4, 128 -> 64. */
    @Param({"conv1", "conv2", "conv3", "conv7"})
    public String layer;

    @Param({"16", "64"})
    public int batch;

    @Param({"opencl", "cpu"})
    public String backend;

    static final int K = 8, PAD = 3;

    ConvBackend b;
    WorkerPool pool;
    int T, C, F;
    float[] x, w, bias, y, dy, dx, dw, dbias;

    @Setup(Level.Trial)
    public void setUp() {
        int[] shape = switch (layer) {
            case "conv1" -> new int[] {259, 1, 256};
            case "conv2" -> new int[] {259, 256, 256};
            case "conv3" -> new int[] {32, 256, 128};
            case "conv7" -> new int[] {4, 128, 64};
            default -> throw new IllegalArgumentException("layer " + layer);
        };
        T = shape[0];
        C = shape[1];
        F = shape[2];
        if (backend.equals("opencl")) {
            String wanted = System.getProperty("ser.opencl.device");
            OpenClDevice d = OpenClDevices.all().stream()
                    .filter(dev -> wanted != null ? dev.name().contains(wanted) : dev.gpu()).findFirst()
                    .orElse(OpenClDevices.all().get(0));
            b = OpenClBackend.open(d);
        } else {
            pool = WorkerPool.allCores();
            b = new CpuBackend(pool);
        }
        SplittableRandom rng = new SplittableRandom(42);
        x = uniform(rng, batch * T * C);
        w = uniform(rng, K * C * F);
        bias = uniform(rng, F);
        dy = uniform(rng, batch * T * F);
        y = new float[batch * T * F];
        dx = new float[batch * T * C];
        dw = new float[K * C * F];
        dbias = new float[F];
        System.out.println("\n" + b.name());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        b.close();
        if (pool != null) {
            pool.close();
        }
    }

    @Benchmark
    public float[] forward() {
        b.conv1dForward(x, w, bias, y, batch, T, C, F, K, PAD, T);
        return y;
    }

    @Benchmark
    public float[] backwardInput() {
        b.conv1dBackwardInput(dy, w, dx, batch, T, C, F, K, PAD, T);
        return dx;
    }

    @Benchmark
    public float[] backwardWeights() {
        b.conv1dBackwardWeights(x, dy, dw, dbias, batch, T, C, F, K, PAD, T);
        return dw;
    }

    static float[] uniform(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }
}
