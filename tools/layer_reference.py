#!/usr/bin/env python3
"""References for the per-layer benchmark (engine LayerBenchmark): each layer of the notebook network at batch 16,
forward and backward, timed in PyTorch, and each Conv1D's matrix products timed alone in OpenBLAS sgemm.

Usage: python3 tools/layer_reference.py [--threads 2] [--reps 5] [--no-torch] [--no-blas] [--layers a,b]
Prints one JSON object: {"torch": {"conv1d_2 forward": ms, ...}, "openblas": {...}, "versions": {...}}, medians of
--reps repetitions (each about 0.2 s of calls). tools/bench_layers runs it before and after the JMH run.

What is timed, per layer name of LayerBenchmark:
- PyTorch: the same layer (Conv1d with Keras 'same' padding, BatchNorm1d in training mode, ReLU, Dropout(0.25),
  MaxPool1d(8), Linear) on a channels-first (16, C, T) tensor; "backward" is autograd's backward of the layer
  alone from a fixed output gradient (input gradient included, as in LayerBenchmark, except conv1d_1_first).
- OpenBLAS: for a Conv1D only, the products the engine runs for it, on dense operands (the im2col copy is not
  timed): forward (B*T x 8C) . (8C x F); backward dX (B*T x F) . (F x 8C) (omitted for conv1d_1_first) plus
  dW (8C x B*T) . (B*T x F). This is the arithmetic floor under a layer, not a whole layer.
Set OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS in the environment (tools/bench_layers does).
"""
import argparse
import json
import os
import statistics
import sys
import time

B = 16
# name -> (kind, input (T, C) or (N,), parameter)
LAYERS = {
    "conv1d_1": ("conv", (259, 1), 256),
    "conv1d_1_first": ("conv", (259, 1), 256),
    "conv1d_2": ("conv", (259, 256), 256),
    "conv1d_3": ("conv", (32, 256), 128),
    "conv1d_4": ("conv", (32, 128), 128),
    "conv1d_7": ("conv", (4, 128), 64),
    "conv1d_8": ("conv", (4, 64), 64),
    "batch_normalization_1": ("bn", (259, 256), None),
    "activation_relu": ("relu", (259, 256), None),
    "dropout_1": ("dropout", (259, 256), None),
    "max_pooling1d_1": ("pool", (259, 256), 8),
    "dense_1": ("dense", (256,), 2),
}


def timed(fn, reps):
    fn()
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-6)
    inner = max(1, int(0.2 / once))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner * 1e3)
    return statistics.median(times)


def torch_times(reps, threads, layers):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    out = {}
    for name, (kind, shape, param) in LAYERS.items():
        if name not in layers:
            continue
        if kind == "conv":
            t, c = shape
            conv = nn.Conv1d(c, param, 8)
            layer = lambda x, conv=conv: conv(F.pad(x, (3, 4)))
            x = torch.randn(B, c, t)
        elif kind == "bn":
            t, c = shape
            layer = nn.BatchNorm1d(c, eps=1e-3, momentum=0.01).train()
            x = torch.randn(B, c, t)
        elif kind == "relu":
            layer = nn.ReLU()
            x = torch.randn(B, shape[1], shape[0])
        elif kind == "dropout":
            layer = nn.Dropout(0.25).train()
            x = torch.randn(B, shape[1], shape[0])
        elif kind == "pool":
            layer = nn.MaxPool1d(param)
            x = torch.randn(B, shape[1], shape[0])
        else:
            layer = nn.Linear(shape[0], param)
            x = torch.randn(B, shape[0])
        x.requires_grad_(name != "conv1d_1_first")
        y = layer(x)
        dy = torch.randn_like(y)
        out[name + " forward"] = timed(lambda: layer(x), reps)

        def backward():
            y = layer(x)
            y.backward(dy)
        # backward alone = (forward + backward) - forward, both medians of the same kind of run
        both = timed(backward, reps)
        out[name + " backward"] = max(both - out[name + " forward"], 0.0)
    return out, {"torch": torch.__version__, "threads": threads}


def blas_times(reps, layers):
    import numpy as np
    rng = np.random.default_rng(0)
    out = {}
    for name, (kind, shape, f) in LAYERS.items():
        if kind != "conv" or name not in layers:
            continue
        t, c = shape
        m, k = B * t, 8 * c
        a = rng.standard_normal((m, k), dtype=np.float32)
        w = rng.standard_normal((k, f), dtype=np.float32)
        dy = rng.standard_normal((m, f), dtype=np.float32)
        out[name + " forward"] = timed(lambda: a @ w, reps)
        dw = timed(lambda: a.T @ dy, reps)
        dx = 0.0 if name == "conv1d_1_first" else timed(lambda: dy @ w.T, reps)
        out[name + " backward"] = dw + dx
    return out, {"numpy": np.__version__, "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(auto)"),
                 "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "(all)")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-blas", action="store_true")
    ap.add_argument("--layers", help="comma-separated layer names (default: all)")
    a = ap.parse_args()
    layers = set(a.layers.split(",")) if a.layers else set(LAYERS)
    result = {"versions": {}}
    if not a.no_torch:
        try:
            result["torch"], result["versions"]["torch"] = torch_times(a.reps, a.threads, layers)
        except ImportError as e:
            print("layer_reference: no PyTorch (%s); install python3-torch for that column" % e, file=sys.stderr)
    if not a.no_blas:
        try:
            result["openblas"], result["versions"]["openblas"] = blas_times(a.reps, layers)
        except ImportError as e:
            print("layer_reference: no NumPy (%s)" % e, file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
