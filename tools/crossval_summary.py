#!/usr/bin/env python3
"""Scores fold folders written by `crossval` (or `train --recipe`) from their test-predictions.csv alone.

Usage: tools/crossval_summary.py FOLD_DIR [FOLD_DIR ...]
       tools/crossval_summary.py --mean RUN_DIR RUN_DIR [...]
Each FOLD_DIR holds test-predictions.csv (name,actual,predicted[,p_CLASS...]). With --mean, each RUN_DIR is a
crossval output; fold k of the ensemble is the mean of the p_ columns of every run's fold-k (the same clips), its
prediction the most probable class. Prints per fold accuracy, UA (mean recall over
the classes present in actual) and macro F1 (mean F1 over classes present in actual or predicted, as scikit-learn's
default), then mean and sample standard deviation (n - 1) over the folds, as a Markdown table. Written
independently of the Java metrics, so it doubles as their check; it needs only the standard library.
"""
import csv
import statistics
import sys
from pathlib import Path


def scores(rows):
    classes = sorted({a for a, _ in rows} | {p for _, p in rows})
    acc = sum(a == p for a, p in rows) / len(rows)
    recalls, f1s = [], []
    for c in classes:
        tp = sum(a == c and p == c for a, p in rows)
        actual = sum(a == c for a, _ in rows)
        predicted = sum(p == c for _, p in rows)
        r = tp / actual if actual else 0.0
        pr = tp / predicted if predicted else 0.0
        if actual:
            recalls.append(r)
        f1s.append(2 * pr * r / (pr + r) if pr + r else 0.0)
    return acc, sum(recalls) / len(recalls), sum(f1s) / len(f1s)


def read(d):
    with open(Path(d) / "test-predictions.csv") as f:
        return list(csv.DictReader(f))


def mean_of(run_dirs, fold):
    runs = [read(Path(r) / fold) for r in run_dirs]
    names = [row["name"] for row in runs[0]]
    for r in runs[1:]:
        if [row["name"] for row in r] != names:
            raise SystemExit(f"{fold}: the runs scored other clips")
    classes = [k[2:] for k in runs[0][0] if k.startswith("p_")]
    if not classes:
        raise SystemExit(f"{run_dirs[0]}/{fold}: test-predictions.csv has no p_ columns")
    rows = []
    for i, row in enumerate(runs[0]):
        p = [statistics.mean(float(r[i]["p_" + c]) for r in runs) for c in classes]
        rows.append((row["actual"], classes[max(range(len(classes)), key=p.__getitem__)]))
    return rows


def main(args):
    if args and args[0] == "--mean":
        runs = args[1:]
        folds = sorted((p.name for p in Path(runs[0]).glob("fold-*")), key=lambda n: int(n.split("-")[1]))
        report([(f"mean of {len(runs)} runs, {f}", mean_of(runs, f)) for f in folds])
    else:
        report([(d, [(r["actual"], r["predicted"]) for r in read(d)]) for d in args])


def report(folds):
    table = []
    print("| fold folder | clips | accuracy | UA | macro F1 |")
    print("|---|---|---|---|---|")
    for d, rows in folds:
        acc, ua, f1 = scores(rows)
        table.append((acc, ua, f1))
        print(f"| {d} | {len(rows)} | {acc:.4f} | {ua:.4f} | {f1:.4f} |")
    if len(table) > 1:
        cols = list(zip(*table))
        ms = [f"{statistics.mean(c):.4f} +- {statistics.stdev(c):.4f}" for c in cols]
        print(f"| mean +- std ({len(table)} folds) | | {ms[0]} | {ms[1]} | {ms[2]} |")


if __name__ == "__main__":
    main(sys.argv[1:])
