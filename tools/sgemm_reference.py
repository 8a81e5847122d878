#!/usr/bin/env python3
"""OpenBLAS sgemm through NumPy on the shapes of engine/src/test/java/ser/engine/bench/MatMulBenchmark.java.

Usage: OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=2 python3 tools/sgemm_reference.py [--reps 5] [SHAPE...]
       (SkylakeX only on a CPU with avx512f: elsewhere OpenBLAS dies with SIGILL; tools/machine.py says which)
       --cpu-time: time each call by the thread's CPU time (time.thread_time) instead of the wall clock, which
       only means something with OPENBLAS_NUM_THREADS=1 (the work then runs on the calling thread)
Prints one line per shape: shape M N K median_ms best_ms median_GFLOP/s best_GFLOP/s, after a header line naming
the NumPy, its BLAS and the OpenBLAS core type and thread count in effect. GFLOP/s = 2 M N K / time.
The thread count and core type are read by OpenBLAS when it loads, so they must be set in the environment.
"""
import argparse
import os
import time

import numpy as np

# name -> (M, N, K, transposedA); conv shapes: batch 16, kernel 8, 'same' (M = 16 * steps, K = 8 * Cin, N = Cout).
SHAPES = {
    "square1024": (1024, 1024, 1024, False),
    "conv1": (16 * 259, 256, 8 * 1, False),
    "conv2": (16 * 259, 256, 8 * 256, False),
    "conv3": (16 * 32, 128, 8 * 256, False),
    "conv4": (16 * 32, 128, 8 * 128, False),
    "conv7": (16 * 4, 64, 8 * 128, False),
    "conv8": (16 * 4, 64, 8 * 64, False),
    "conv2-dW": (8 * 256, 256, 16 * 259, True),  # C = A^T . B, A [K x M], B [K x N]
    "small256": (256, 256, 256, False),
}


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name"), blas.get("version"))
    except Exception:  # older NumPy without mode="dicts"
        return "unknown BLAS"


def measure(m, n, k, transposed, reps, rng, clock=time.perf_counter):
    a = rng.standard_normal((k, m) if transposed else (m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    c = np.empty((m, n), dtype=np.float32)
    lhs = a.T if transposed else a  # a transposed view: OpenBLAS gets the transpose flag, no copy
    flops = 2.0 * m * n * k
    np.matmul(lhs, b, out=c)
    t0 = time.perf_counter()
    np.matmul(lhs, b, out=c)
    once = time.perf_counter() - t0
    inner = max(1, int(0.3 / max(once, 1e-6)))  # about 0.3 s per repetition
    for _ in range(inner):  # warm-up
        np.matmul(lhs, b, out=c)
    times = []
    for _ in range(reps):
        t0 = clock()
        for _ in range(inner):
            np.matmul(lhs, b, out=c)
        times.append((clock() - t0) / inner)
    times.sort()
    med, best = times[len(times) // 2], times[0]
    return med, best, flops / med / 1e9, flops / best / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--cpu-time", action="store_true", help="thread CPU time instead of wall clock (1 thread)")
    ap.add_argument("shapes", nargs="*", default=list(SHAPES))
    args = ap.parse_args()
    print("# numpy %s, %s, OPENBLAS_CORETYPE=%s, OPENBLAS_NUM_THREADS=%s" % (
        np.__version__, blas_name(), os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
        os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")))
    rng = np.random.default_rng(42)
    for name in args.shapes:
        m, n, k, tr = SHAPES[name]
        med, best, gmed, gbest = measure(m, n, k, tr, args.reps, rng,
                                         time.thread_time if args.cpu_time else time.perf_counter)
        print("%s %d %d %d %.3f %.3f %.1f %.1f" % (name, m, n, k, med * 1e3, best * 1e3, gmed, gbest), flush=True)


if __name__ == "__main__":
    main()
