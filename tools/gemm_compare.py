#!/usr/bin/env python3
"""The engine's matrix multiply beside OpenBLAS sgemm, measured back to back on one machine.

Usage: tools/gemm_compare.py [--rounds 2] [--shapes conv2,square1024] [--kernels vector-1t,vector-2t@8x2v,...]
                             [--python python3] [--jmh "-f 1 -wi 2 -i 3 -w 1 -r 1"]
Each round runs tools/sgemm_reference.py with 1 and 2 threads under every OPENBLAS_CORETYPE this CPU can run
(tools/machine.py reads /proc/cpuinfo: Haswell with AVX2, also SkylakeX with AVX-512, OpenBLAS's own choice on
ARM), then the JMH MatMulBenchmark (tools/bench engine) on the same shapes, so every ratio pairs figures taken
minutes apart. The first line printed names the CPU, its vector ISA, the JDK and the load. A kernel written
"vector-2t@8x2v" forces that register tile (RegisterTile), to compare tiles beside OpenBLAS in one run.
Prints a Markdown table (GFLOP/s = 2 M N K / time; per round the best JMH iteration and the best NumPy
repetition, since other processes only ever slow a run down; the table gives the median over rounds) and, per
round, the ratio of our kernel to OpenBLAS, so the spread shows how noisy the machine was.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from sgemm_reference import SHAPES  # noqa: E402  (the one list of shapes, shared with the reference)
import machine  # noqa: E402

# (OPENBLAS_CORETYPE or None for OpenBLAS's own detection, threads), for the kernels this CPU can run.
BLAS_CONFIGS = [(c, t) for c in machine.openblas_coretypes() for t in (1, 2)]


def coretype_name(coretype):
    return coretype or "auto"


def run_reference(python, shapes, coretype, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    env.pop("OPENBLAS_CORETYPE", None)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    out = subprocess.run([python, os.path.join(ROOT, "tools", "sgemm_reference.py"), "--reps", "3"] + shapes,
                         env=env, check=True, capture_output=True, text=True).stdout
    header, result = "", {}
    for line in out.splitlines():
        if line.startswith("#"):
            header = line[2:]
            continue
        f = line.split()
        result[f[0]] = float(f[7])  # best repetition's GFLOP/s (see run_jmh)
    return header, result


def run_jmh(shapes, kernels, jmh_args):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        path = tmp.name
    # "vector-1t@8x2v" = kernel vector-1t with a forced register tile; plain names use the machine's tile.
    base = sorted(set(k.split("@")[0] for k in kernels))
    tiles = sorted(set(k.split("@")[1] if "@" in k else "auto" for k in kernels))
    cmd = [os.path.join(ROOT, "tools", "bench"), "engine", "MatMulBenchmark", "-p", "shape=" + ",".join(shapes),
           "-p", "kernel=" + ",".join(base), "-p", "tile=" + ",".join(tiles), "-rf", "json", "-rff", path] \
        + jmh_args.split()
    env = dict(os.environ, SKIP_BUILD="1")
    for attempt in range(60):
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode == 0:
            break
        if "Unable to acquire the JMH lock" not in proc.stdout:
            sys.exit("JMH failed:\n" + proc.stdout[-3000:])
        # Another benchmark is running on this machine: wait for it rather than measure beside it.
        print("another JMH run holds /tmp/jmh.lock; waiting", file=sys.stderr)
        time.sleep(15)
    with open(path) as fh:
        data = json.load(fh)
    os.unlink(path)
    result = {}
    for entry in data:
        p = entry["params"]
        m, n, k, _ = SHAPES[p["shape"]]
        # The best iteration (least time): contention from other processes only ever slows a run down.
        ms = min(x for fork in entry["primaryMetric"]["rawData"] for x in fork)
        label = p["kernel"] if p.get("tile", "auto") == "auto" else p["kernel"] + "@" + p["tile"]
        if label in kernels or p["kernel"] == "simple":
            result[(p["shape"], label)] = 2.0 * m * n * k / (ms * 1e-3) / 1e9
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--shapes", default="square1024,conv1,conv2,conv3,conv4,conv7,conv8,conv2-dW")
    ap.add_argument("--kernels", default="vector-1t,vector-2t,scalar-2t,ejml")
    ap.add_argument("--python", default="python3", help="a Python whose NumPy links OpenBLAS")
    ap.add_argument("--small", type=int, default=1, help="also run small256 with SimpleMatMul (1/0)")
    ap.add_argument("--raw", help="write every round's figures to this JSON file")
    ap.add_argument("--jmh", default="-f 1 -wi 2 -i 3 -w 1 -r 1")
    ap.add_argument("--table-from", help="only print the table from a --raw file of an earlier run")
    args = ap.parse_args()
    shapes, kernels = args.shapes.split(","), args.kernels.split(",")
    if args.table_from:
        print_table(load_raw(args.table_from), shapes, kernels, args.small)
        return
    print(machine.describe())
    if os.environ.get("SKIP_BUILD", "0") != "1":
        subprocess.run([os.path.join(ROOT, "mvnw"), "-q", "-B", "test-compile", "-pl", "engine", "-am"], cwd=ROOT,
                       check=True)
    rounds = []
    for r in range(args.rounds):
        blas = {}
        for coretype, threads in BLAS_CONFIGS:
            header, res = run_reference(args.python, shapes + (["small256"] if args.small else []), coretype,
                                        threads)
            blas[(coretype, threads)] = res
            print("round %d: %s" % (r + 1, header), file=sys.stderr)
        ours = run_jmh(shapes, kernels, args.jmh)
        if args.small:  # the reference loops are too slow for the big shapes: compare them on a small one
            ours.update(run_jmh(["small256"], kernels + ["simple"], args.jmh))
        rounds.append((blas, ours))
        print("round %d done, load %s" % (r + 1, machine.load()), file=sys.stderr)
        if args.raw:  # every figure of every round, for the record
            with open(args.raw, "w") as fh:
                json.dump([{"blas": {"%s-%dt" % (coretype_name(c[0]), c[1]): v for c, v in b.items()},
                            "ours": {"%s|%s" % k: v for k, v in o.items()}} for b, o in rounds], fh, indent=1)

    print_table(rounds, shapes, kernels, args.small)


def load_raw(path):
    """Rounds saved by --raw, back in the in-memory form."""
    with open(path) as fh:
        data = json.load(fh)
    rounds = []
    for rd in data:
        blas = {}
        for k, v in rd["blas"].items():
            name, t = k.rsplit("-", 1)
            blas[(None if name == "auto" else name, int(t[:-1]))] = v
        ours = {tuple(k.split("|")): v for k, v in rd["ours"].items()}
        rounds.append((blas, ours))
    return rounds


def print_table(rounds, shapes, kernels, small):
    """The Markdown table: medians over rounds, and the per-round ratios."""
    def med(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    if small:
        shapes = shapes + ["small256"]
        kernels = kernels + ["simple"]
    configs = [c for c in BLAS_CONFIGS if all(c in blas for blas, _ in rounds)]
    cols = ["%s %dt" % (coretype_name(c[0]), c[1]) for c in configs]
    # Our kernel against every OpenBLAS kernel set, same thread count.
    pairs = [(k, (c, t)) for c in dict.fromkeys(c for c, _ in configs) for t in (1, 2) for k in kernels
             if k.split("@")[0] == "vector-%dt" % t]
    print("| shape (M x N x K) | " + " | ".join(kernels) + " | OpenBLAS " + " | OpenBLAS ".join(cols) + " | "
          + " | ".join("%s / %s-%dt" % (k, coretype_name(c[0]), c[1]) for k, c in pairs) + " |")
    print("|---" * (1 + len(kernels) + len(cols) + len(pairs)) + "|")
    for s in shapes:
        m, n, k, tr = SHAPES[s]
        row = ["%s (%d x %d x %d%s)" % (s, m, n, k, ", A^T" if tr else "")]
        for kern in kernels:
            v = med([ours.get((s, kern)) for _, ours in rounds])
            row.append("%.1f" % v if v else "-")
        for c in configs:
            row.append("%.1f" % med([blas[c].get(s) for blas, _ in rounds]))

        def ratios(kern, c):
            rs = [ours[(s, kern)] / blas[c][s] for blas, ours in rounds if (s, kern) in ours]
            if not rs:
                return "-"
            return "%.2f (%s)" % (statistics.median(rs), ", ".join("%.2f" % x for x in rs))
        row += [ratios(k, c) for k, c in pairs]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
