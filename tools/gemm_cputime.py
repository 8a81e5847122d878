#!/usr/bin/env python3
"""One thread of our matrix multiply beside one thread of OpenBLAS, both timed by CPU time, alternating rounds.

Usage: tools/gemm_cputime.py [--rounds 3] [--shapes conv2,conv3,conv4,conv2-dW] [--tiles auto,8x2v]
                             [--python python3]
On a shared machine a thread spends most of the wall-clock time waiting for a core; its CPU time counts only what
it ran, so this comparison survives a busy machine better than tools/gemm_compare.py's wall-clock figures (it
still cannot remove the other jobs' pressure on the caches, nor a hypervisor's stolen time). Each round runs
tools/sgemm_reference.py --cpu-time (OpenBLAS with the widest kernels this CPU runs, 1 thread) and then
ser.engine.bench.MatMulCpuTime for every tile. Prints the machine line, then per shape the median over rounds of
each round's median GFLOP/s and the per-round ratios to OpenBLAS. Needs `./mvnw -q -B test-compile -pl engine -am`
first (or run without SKIP_BUILD=1).
"""
import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import machine  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--shapes", default="conv2,conv3,conv4,conv2-dW")
    ap.add_argument("--tiles", default="auto,8x2v")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--python", default="python3", help="a Python whose NumPy links OpenBLAS")
    a = ap.parse_args()
    print(machine.describe())
    if os.environ.get("SKIP_BUILD", "0") != "1":
        subprocess.run([os.path.join(ROOT, "mvnw"), "-q", "-B", "test-compile", "-pl", "engine", "-am"], cwd=ROOT,
                       check=True)
    coretype = machine.openblas_coretypes()[-1]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    with open(os.path.join(ROOT, "engine", "target", "test-classpath.txt")) as fh:
        cp = "engine/target/test-classes:engine/target/classes:" + fh.read().strip()
    shapes = a.shapes.split(",")
    rounds = []
    for r in range(a.rounds):
        blas_out = subprocess.run([a.python, os.path.join(ROOT, "tools", "sgemm_reference.py"), "--cpu-time",
                                   "--reps", str(a.reps)] + shapes, env=env, check=True, capture_output=True,
                                  text=True).stdout
        blas = {f[0]: float(f[6]) for f in (line.split() for line in blas_out.splitlines() if not line.startswith("#"))}
        ours_out = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", cp,
                                   "ser.engine.bench.MatMulCpuTime", a.tiles, a.shapes, str(a.reps)], cwd=ROOT,
                                  check=True, capture_output=True, text=True).stdout
        ours = {(f[0], f[1]): float(f[2]) for f in (line.split() for line in ours_out.splitlines())}
        rounds.append((blas, ours))
        print("round %d done, load %s" % (r + 1, machine.load()), file=sys.stderr)
    kernels = list(dict.fromkeys(k for _, ours in rounds for (_, k) in ours))
    print("OpenBLAS OPENBLAS_CORETYPE=%s, 1 thread; GFLOP/s per CPU-second, median over %d rounds; ratios per round"
          % (coretype or "auto", a.rounds))
    print("| shape | OpenBLAS | " + " | ".join(kernels) + " | " + " | ".join(k + " / OpenBLAS" for k in kernels)
          + " |")
    print("|---" * (2 + 2 * len(kernels)) + "|")
    for s in shapes:
        row = [s, "%.1f" % statistics.median(b[s] for b, _ in rounds)]
        row += ["%.1f" % statistics.median(o[(s, k)] for _, o in rounds) for k in kernels]
        for k in kernels:
            rs = [o[(s, k)] / b[s] for b, o in rounds]
            row.append("%.2f (%s)" % (statistics.median(rs), ", ".join("%.2f" % x for x in rs)))
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
