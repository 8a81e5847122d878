#!/usr/bin/env python3
"""PyTorch reference for the notebook network: one epoch of training and inference throughput.

The speed reference of docs/benchmarks.md ("Training step" and "End to end"): the same network, shapes,
batch size and optimiser as the Java engine, on the same machine in the same run, so the ratio means
something on a shared, noisy machine. Uses Debian's python3-torch (1.13, oneDNN), `apt-get install python3-torch`.

    /usr/bin/python3 tools/torch_reference.py [--threads 2] [--samples 1920] [--val 480] [--batch 16] [--json]

Layout note: PyTorch's Conv1d is channels-first (B, C, T) while Keras and this engine are channels-last
(B, T, C); Keras 'same' padding for kernel 8 is 3 zeros on the left and 4 on the right, done here with F.pad.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SamePad(nn.Module):
    """Keras 'same' padding for stride 1: (k-1)//2 zeros on the left, the rest on the right."""

    def __init__(self, k):
        super().__init__()
        self.left, self.right = (k - 1) // 2, k - 1 - (k - 1) // 2

    def forward(self, x):
        return F.pad(x, (self.left, self.right))


def conv(cin, cout, k=8):
    return nn.Sequential(SamePad(k), nn.Conv1d(cin, cout, k))


def notebook_network(length=259, classes=2):
    # Keras BatchNormalization(momentum=0.99, epsilon=1e-3) is PyTorch's momentum=0.01, eps=1e-3.
    bn = lambda c: nn.BatchNorm1d(c, eps=1e-3, momentum=0.01)
    return nn.Sequential(
        conv(1, 256), nn.ReLU(),
        conv(256, 256), bn(256), nn.ReLU(), nn.Dropout(0.25), nn.MaxPool1d(8),
        conv(256, 128), nn.ReLU(),
        conv(128, 128), nn.ReLU(),
        conv(128, 128), nn.ReLU(),
        conv(128, 128), bn(128), nn.ReLU(), nn.Dropout(0.25), nn.MaxPool1d(8),
        conv(128, 64), nn.ReLU(),
        conv(64, 64), nn.ReLU(),
        nn.Flatten(),  # note: flattens (C, T) order; irrelevant for timing
        nn.Linear(64 * (length // 64), classes),
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--samples", type=int, default=1920)
    ap.add_argument("--val", type=int, default=480)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--length", type=int, default=259)
    ap.add_argument("--epochs", type=int, default=2, help="the first epoch warms up; the last is reported")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-infer", action="store_true", help="skip the inference timing (whole-process comparisons)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = notebook_network(a.length)
    opt = torch.optim.SGD(model.parameters(), lr=1e-4)
    x = torch.randn(a.samples, 1, a.length)
    y = torch.randint(0, 2, (a.samples,))
    xv = torch.randn(a.val, 1, a.length)

    epoch_s = None
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(a.samples)
        for i in range(0, a.samples, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            for i in range(0, a.val, a.batch):
                model(xv[i:i + a.batch])
        epoch_s = time.perf_counter() - t0

    def infer_rate(batch, n):
        model.eval()
        with torch.no_grad():
            for i in range(0, n, batch):  # warm-up
                model(xv[:batch])
            t0 = time.perf_counter()
            for i in range(0, n, batch):
                model(xv[:batch])
            return n / (time.perf_counter() - t0)

    out = {
        "torch": torch.__version__, "threads": a.threads, "mkldnn": torch.backends.mkldnn.is_available(),
        "epoch_s": epoch_s, "train_samples": a.samples, "val_samples": a.val, "batch": a.batch,
    }
    if not a.no_infer:
        out["infer_b16_samples_per_s"] = infer_rate(16, 480)
        out["infer_b1_samples_per_s"] = infer_rate(1, 120)
    if a.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
