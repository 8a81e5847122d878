package ser.engine.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed set of worker threads with one operation: split a range [0, n) into {@link #threads()} contiguous
 * chunks and run them at once. The split depends only on n and the thread count, never on timing, so a
 * computation that writes disjoint outputs per index is reproducible bit for bit.
 */
public final class WorkerPool implements AutoCloseable {

    /** Body of a parallel loop over the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final WorkerPool SINGLE = new WorkerPool(1);
    private static WorkerPool shared;

    private final int threads;
    private final ExecutorService executor; // null when threads == 1: everything runs on the caller

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "ser-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool that runs everything on the calling thread. */
    public static WorkerPool single() {
        return SINGLE;
    }

    /** A pool with one thread per available processor. */
    public static WorkerPool allCores() {
        return new WorkerPool(Runtime.getRuntime().availableProcessors());
    }

    /**
     * One pool on all cores for the whole process: the default CPU backend's products and the element-wise layers
     * share it, so the two never compete for cores with two sets of threads.
     */
    public static synchronized WorkerPool shared() {
        if (shared == null) {
            shared = allCores();
        }
        return shared;
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n) split into at most threads() chunks of near-equal size; chunk i covers
     * [i*n/parts, (i+1)*n/parts). The caller runs the last chunk itself. Exceptions are rethrown.
     */
    public void forRange(int n, RangeBody body) {
        int parts = Math.min(threads, n);
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        split(n, parts, body);
    }

    private void split(int n, int parts, RangeBody body) {
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int i = 0; i < parts - 1; i++) {
            int from = (int) ((long) i * n / parts);
            int to = (int) ((long) (i + 1) * n / parts);
            futures.add(executor.submit(() -> body.run(from, to)));
        }
        body.run((int) ((long) (parts - 1) * n / parts), n);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /**
     * {@link #forRange(int, RangeBody)} for cheap bodies: splits into at most n / grain chunks, so each thread gets at
     * least grain indices (a hand-off costs microseconds; below that a loop of a few thousand floats is faster on
     * one thread). The split still depends only on n, grain and threads(), never on timing.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int parts = Math.min(threads, n / Math.max(1, grain));
        if (parts <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        split(n, parts, body);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
