package ser.engine.linalg;

import ser.engine.concurrent.WorkerPool;

/**
 * Started by {@link MatMulFallbackTest} in a JVM without {@code --add-modules jdk.incubator.vector}: prints the
 * chosen kernel's name and the largest error of one product against {@link SimpleMatMul}.
 */
public final class FallbackProbe {

    public static void main(String[] args) {
        try (WorkerPool pool = new WorkerPool(2)) {
            MatMul m = MatMuls.best(pool);
            int M = 67, N = 45, K = 301;
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
            float[] a = MatMulTest.random(rnd, M * K);
            float[] b = MatMulTest.random(rnd, K * N);
            int[] rows = new int[M];
            for (int i = 0; i < M; i++) {
                rows[i] = i * K;
            }
            float[] expected = new float[M * N];
            float[] actual = new float[M * N];
            new SimpleMatMul().multiply(M, N, K, a, rows, b, 0, N, expected, 0, N, false);
            m.multiply(M, N, K, a, rows, b, 0, N, actual, 0, N, false);
            float worst = 0;
            for (int i = 0; i < actual.length; i++) {
                worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            }
            System.out.println(m.name() + " " + worst);
            System.out.println(MatMuls.description());
        }
    }
}
