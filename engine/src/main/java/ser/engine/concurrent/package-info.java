/**
 * Deterministic parallel loops: {@link ser.engine.concurrent.WorkerPool} splits a range statically over threads;
 * {@link ser.engine.concurrent.Parallel} is the shared pool and grain the layers' cheap loops use.
 */
package ser.engine.concurrent;
