package ser.engine.concurrent;

/**
 * The parallel loop of the cheap layers (ReLU, dropout, pooling, batch-norm statistics, biases): a range split
 * over the process-wide {@link WorkerPool#shared()} that the CPU backend's products use too.
 */
public final class Parallel {

    private Parallel() {
    }

    // docs:begin elementwise-pool
    /**
     * Fewest elements worth handing to another thread: a hand-off costs a few microseconds, about what one core
     * needs for 16K floats of a cheap element-wise loop.
     */
    public static final int GRAIN = 1 << 14;

    /**
     * Runs body over [0, n) on the shared pool, each thread taking at least grain indices. Every loop run this way
     * writes disjoint outputs per index, and its per-channel sums split over channels, never over rows, so the
     * bits do not depend on the thread count.
     */
    public static void forRange(int n, int grain, WorkerPool.RangeBody body) {
        WorkerPool.shared().forRange(n, grain, body);
    }
    // docs:end elementwise-pool
}
