#!/usr/bin/env python3
"""One markdown table row per `train` run, as docs/results.md shows them.

Usage: tools/results_table.py RUN_DIR...   (each is a train --out folder; RUN_DIR.log beside it is its console log)

Columns: run, classes, train/val/test vectors, epochs run, the kept epoch (lowest val_loss) with its val_acc,
held-out accuracy and macro F1 (test-report.txt), the majority-class rate of the test set and the one-sided binomial
probability of reaching that accuracy by answering like it (as tools/regroup.py), and the training time the run
printed (without feature extraction).
"""
import csv
import re
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from regroup import score  # noqa: E402


def row(d):
    log = open(f"{d}.log").read()
    sizes = re.search(r"train (\d+), validation (\d+), test (\d+) vectors", log).groups()
    minutes = re.search(r"training took ([\d.]+) min", log).group(1)
    with open(f"{d}/training.csv", newline="") as f:
        epochs = list(csv.DictReader(f))
    best = min(epochs, key=lambda e: float(e["val_loss"]))
    report = open(f"{d}/test-report.txt").read()
    acc = float(re.search(r"accuracy\s+([\d.]+)", report).group(1))
    f1 = float(re.search(r"macro F1\s+([\d.]+)", report).group(1))
    with open(f"{d}/test-predictions.csv", newline="") as f:
        pairs = [(r["actual"], r["predicted"]) for r in csv.DictReader(f)]
    correct, n, majority, p = score(pairs)
    classes = len({a for a, _ in pairs})
    return (f"| {d} | {classes} | {'/'.join(sizes)} | {len(epochs)} | {int(best['epoch']) + 1}: "
            f"{float(best['val_acc']):.3f} | **{acc:.3f}** ({correct}/{n}) | {f1:.3f} | {majority:.3f} | {p:.1g} "
            f"| {minutes} min |")


if __name__ == "__main__":
    print("| run | classes | vectors train/val/test | epochs | kept epoch: val_acc | held-out accuracy | macro F1 "
          "| majority rate | P(chance) | training time |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for d in sys.argv[1:]:
        print(row(d.rstrip("/")))
