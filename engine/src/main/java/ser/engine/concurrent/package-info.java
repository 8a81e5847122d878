/** Deterministic parallel loops: {@link ser.engine.concurrent.WorkerPool} splits a range statically over threads. */
package ser.engine.concurrent;
