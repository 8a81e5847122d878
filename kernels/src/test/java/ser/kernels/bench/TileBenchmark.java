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
import ser.kernels.OpenClBackend;
import ser.kernels.OpenClDevices;
import ser.kernels.TileConfig;

/**
 * The forward kernel of the widest notebook layer (conv1d_2: 259 steps, 256 -> 256 channels, batch 16) with each
 * tile shape, to choose the default order of {@link TileConfig#CANDIDATES} on a device. Times include the copies.
 * Run: {@code tools/bench kernels TileBenchmark} or the java command in the preamble with regex TileBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TileBenchmark {

    @Param({"64x64x16/4x4", "32x32x16/4x4", "16x16x16/4x4", "32x64x8/4x8"})
    public String tile;

    static final int B = 16, T = 259, C = 256, F = 256, K = 8, PAD = 3;

    OpenClBackend backend;
    float[] x, w, bias, y;

    @Setup(Level.Trial)
    public void setUp() {
        backend = OpenClBackend.open(OpenClDevices.all().get(0), TileConfig.parse(tile));
        SplittableRandom rng = new SplittableRandom(42);
        x = ConvBenchmark.uniform(rng, B * T * C);
        w = ConvBenchmark.uniform(rng, K * C * F);
        bias = ConvBenchmark.uniform(rng, F);
        y = new float[B * T * F];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public float[] forward() {
        backend.conv1dForward(x, w, bias, y, B, T, C, F, K, PAD, T);
        return y;
    }
}
