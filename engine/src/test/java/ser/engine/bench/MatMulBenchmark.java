package ser.engine.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import ser.engine.concurrent.WorkerPool;
import ser.engine.linalg.MatMul;
import ser.engine.linalg.RegisterTile;
import ser.engine.linalg.ScalarMatMul;
import ser.engine.linalg.SimpleMatMul;
import ser.engine.linalg.VectorMatMul;

/**
 * Matrix multiply, C[M x N] = A[M x K] . B[K x N], for each kernel on the shapes the notebook network runs:
 * "conv2" is the big convolution (batch 16 x 259 steps, 8 x 256 inputs, 256 filters) whose A rows are
 * overlapping windows of the padded input, as Conv1D passes them; "conv2-dW" is its weight gradient through
 * multiplyTransposedA. tools/gemm_compare.py runs this beside OpenBLAS (tools/sgemm_reference.py) on the same shapes
 * and prints GFLOP/s = 2 M N K / time. EJML gets the same A as a dense (im2col'd) matrix, copied outside the
 * timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MatMulBenchmark {

    /** name: M x N x K, or a convolution batch x steps x Cin x Cout (kernel 8, 'same'). */
    @Param({"square1024", "conv1", "conv2", "conv3", "conv4", "conv7", "conv8", "conv2-dW"})
    public String shape;

    @Param({"vector-1t", "vector-2t", "scalar-2t", "ejml", "ejml-mt"})
    public String kernel;

    /** The vector kernel's register tile: "auto" (the machine's, see RegisterTile) or a label such as "8x2v". */
    @Param({"auto"})
    public String tile;

    private int M, N, K;
    private boolean transposedA;
    private float[] a, b, c;
    private int[] aRows, bRows;
    private FMatrixRMaj ea, eb, ec;
    private MatMul matmul;
    private WorkerPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        switch (shape) {
            case "square1024" -> dense(1024, 1024, 1024, rnd);
            case "conv1" -> conv(16, 259, 1, 256, rnd);
            case "conv2" -> conv(16, 259, 256, 256, rnd);
            case "conv3" -> conv(16, 32, 256, 128, rnd);
            case "conv4" -> conv(16, 32, 128, 128, rnd);
            case "conv7" -> conv(16, 4, 128, 64, rnd);
            case "conv8" -> conv(16, 4, 64, 64, rnd);
            case "conv2-dW" -> convWeightGradient(16, 259, 256, 256, rnd);
            case "small256" -> dense(256, 256, 256, rnd);
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        c = new float[M * N];
        int threads = kernel.endsWith("-2t") || kernel.equals("ejml-mt") ? 2 : 1;
        pool = new WorkerPool(threads);
        switch (kernel) {
            case "vector-1t", "vector-2t" -> matmul = tile.equals("auto") ? new VectorMatMul(pool)
                    : new VectorMatMul(pool, tileNamed(tile));
            case "scalar-1t", "scalar-2t" -> matmul = new ScalarMatMul(pool);
            case "simple" -> matmul = new SimpleMatMul();
            case "ejml", "ejml-mt" -> {
                if (transposedA) {
                    throw new IllegalArgumentException("EJML is only benchmarked on the forward form");
                }
                EjmlConcurrency.setMaxThreads(threads);
                ea = new FMatrixRMaj(M, K);
                for (int i = 0; i < M; i++) {
                    System.arraycopy(a, aRows[i], ea.data, i * K, K);
                }
                eb = FMatrixRMaj.wrap(K, N, b);
                ec = new FMatrixRMaj(M, N);
            }
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float multiply() {
        if (ea != null) {
            if (kernel.equals("ejml-mt")) {
                CommonOps_MT_FDRM.mult(ea, eb, ec);
            } else {
                CommonOps_FDRM.mult(ea, eb, ec);
            }
            return ec.data[0];
        }
        if (transposedA) {
            matmul.multiplyTransposedA(M, N, K, a, aRows, b, bRows, c, 0, N, false);
        } else {
            matmul.multiply(M, N, K, a, aRows, b, 0, N, c, 0, N, false);
        }
        return c[0];
    }

    private static RegisterTile tileNamed(String label) {
        for (RegisterTile t : RegisterTile.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tile " + label);
    }

    private void dense(int m, int n, int k, SplittableRandom rnd) {
        M = m;
        N = n;
        K = k;
        a = random(rnd, m * k);
        aRows = new int[m];
        for (int i = 0; i < m; i++) {
            aRows[i] = i * k;
        }
        b = random(rnd, k * n);
    }

    /** Forward Conv1D as a product: A rows are windows of 8 x cin floats of the 'same'-padded input. */
    private void conv(int batch, int steps, int cin, int cout, SplittableRandom rnd) {
        int padded = steps + 7;
        M = batch * steps;
        K = 8 * cin;
        N = cout;
        a = random(rnd, batch * padded * cin);
        aRows = windows(batch, steps, padded, cin);
        b = random(rnd, K * N);
    }

    /** dW[8 cin x cout] = sum over windows r of window_r^T . dY_r: M = 8 cin, N = cout, K = batch x steps. */
    private void convWeightGradient(int batch, int steps, int cin, int cout, SplittableRandom rnd) {
        int padded = steps + 7;
        transposedA = true;
        M = 8 * cin;
        N = cout;
        K = batch * steps;
        a = random(rnd, batch * padded * cin);
        aRows = windows(batch, steps, padded, cin);
        b = random(rnd, K * N);
        bRows = new int[K];
        for (int r = 0; r < K; r++) {
            bRows[r] = r * N;
        }
    }

    private static int[] windows(int batch, int steps, int padded, int cin) {
        int[] rows = new int[batch * steps];
        for (int n = 0; n < batch; n++) {
            for (int t = 0; t < steps; t++) {
                rows[n * steps + t] = (n * padded + t) * cin;
            }
        }
        return rows;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return x;
    }
}
