package ser.engine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import ser.engine.concurrent.WorkerPool;
import ser.engine.linalg.RegisterTile;
import ser.engine.linalg.VectorMatMul;

/**
 * The vector kernel on one thread, timed by the thread's CPU time instead of the wall clock: on a machine shared
 * with other jobs a thread waits for a core for most of the wall-clock time, but its CPU time counts only the
 * time it ran. tools/gemm_cputime.py runs this beside OpenBLAS timed the same way (Python's thread_time),
 * alternating, so both see the same load. What CPU time cannot remove is the other jobs' effect on the caches.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... ser.engine.bench.MatMulCpuTime TILES SHAPES REPS
 *      TILES  comma-separated register tiles: "auto", labels such as 8x2v, or 8x2v:512 with a K-block depth
 *      SHAPES comma-separated conv2, conv3, conv4, conv2-dW (see MatMulBenchmark)
 * </pre>
 * After a warm-up of 3 REPS calls each, the kernels take turns call by call, REPS calls each; prints
 * "shape kernel-name median_GFLOPs best_GFLOPs" per kernel, GFLOP/s = 2 M N K / CPU time of one call.
 */
public final class MatMulCpuTime {

    public static void main(String[] args) {
        String[] tiles = args[0].split(",");
        String[] shapes = args[1].split(",");
        int reps = Integer.parseInt(args[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        WorkerPool pool = WorkerPool.single(); // one thread: CPU time of the calling thread is all of it
        for (String shape : shapes) {
            Operands o = Operands.of(shape);
            List<VectorMatMul> kernels = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<List<Double>> rates = new ArrayList<>();
            for (String spec : tiles) {
                VectorMatMul k = kernel(pool, spec);
                kernels.add(k);
                names.add(spec.contains(":") ? k.name() + "-kc" + k.kc() + "-mc" + k.mc() : k.name());
                rates.add(new ArrayList<>());
                for (int w = 0; w < 3 * reps; w++) { // warm-up: C2 compiles the kernel and the packing
                    o.run(k);
                }
            }
            for (int r = 0; r < reps; r++) { // the kernels take turns, call by call, so they share the load
                for (int i = 0; i < kernels.size(); i++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    o.run(kernels.get(i));
                    long c1 = mx.getCurrentThreadCpuTime();
                    rates.get(i).add(o.flops() / (c1 - c0));
                }
            }
            for (int i = 0; i < kernels.size(); i++) {
                List<Double> g = rates.get(i);
                Collections.sort(g);
                System.out.printf("%s %s %.1f %.1f%n", shape, names.get(i), g.get(g.size() / 2), g.get(g.size() - 1));
            }
        }
    }

    /**
     * "auto", a tile label ("8x2v"), a label with a K-block depth ("8x2v:512") or with a depth and the rows of an
     * A block ("5x2v:512:65"); "auto:512:65" keeps the machine's tile.
     */
    private static VectorMatMul kernel(WorkerPool pool, String spec) {
        if (spec.equals("auto")) {
            return new VectorMatMul(pool);
        }
        String[] f = spec.split(":");
        RegisterTile t = f[0].equals("auto") ? new VectorMatMul(pool).tile() : tile(f[0]);
        return f.length == 1 ? new VectorMatMul(pool, t)
                : new VectorMatMul(pool, t, Integer.parseInt(f[1]), f.length > 2 ? Integer.parseInt(f[2]) : 128);
    }

    private static RegisterTile tile(String label) {
        for (RegisterTile t : RegisterTile.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tile " + label);
    }

    /** A conv-shaped product (A rows = overlapping windows of a padded input) or its weight gradient. */
    private record Operands(int M, int N, int K, boolean transposedA, float[] a, int[] aRows, float[] b,
                            int[] bRows, float[] c) {

        static Operands of(String shape) {
            return switch (shape) {
                case "conv2" -> conv(259, 256, 256, false);
                case "conv3" -> conv(32, 256, 128, false);
                case "conv4" -> conv(32, 128, 128, false);
                case "conv2-dW" -> conv(259, 256, 256, true);
                default -> throw new IllegalArgumentException("unknown shape " + shape);
            };
        }

        static Operands conv(int steps, int cin, int cout, boolean weightGradient) {
            int batch = 16, padded = steps + 7, rows = batch * steps;
            SplittableRandom rnd = new SplittableRandom(42);
            float[] x = random(rnd, batch * padded * cin);
            int[] windows = new int[rows];
            for (int n = 0; n < batch; n++) {
                for (int t = 0; t < steps; t++) {
                    windows[n * steps + t] = (n * padded + t) * cin;
                }
            }
            if (!weightGradient) {
                return new Operands(rows, cout, 8 * cin, false, x, windows, random(rnd, 8 * cin * cout), null,
                        new float[rows * cout]);
            }
            int[] dyRows = new int[rows];
            for (int r = 0; r < rows; r++) {
                dyRows[r] = r * cout;
            }
            return new Operands(8 * cin, cout, rows, true, x, windows, random(rnd, rows * cout), dyRows,
                    new float[8 * cin * cout]);
        }

        double flops() {
            return 2.0 * M * N * K;
        }

        void run(VectorMatMul k) {
            if (transposedA) {
                k.multiplyTransposedA(M, N, K, a, aRows, b, bRows, c, 0, N, false);
            } else {
                k.multiply(M, N, K, a, aRows, b, 0, N, c, 0, N, false);
            }
        }

        private static float[] random(SplittableRandom rnd, int n) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return v;
        }
    }

    private MatMulCpuTime() {
    }
}
