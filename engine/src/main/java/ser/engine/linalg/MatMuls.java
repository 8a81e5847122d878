package ser.engine.linalg;

import ser.engine.concurrent.WorkerPool;

/** Picks the fastest {@link MatMul} this JVM can run. */
public final class MatMuls {

    private MatMuls() {
    }

    /** The fastest available kernel, using the given pool's threads. */
    public static MatMul best(WorkerPool pool) {
        return new SimpleMatMul();
    }
}
