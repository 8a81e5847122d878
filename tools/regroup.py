#!/usr/bin/env python3
"""Held-out accuracy against chance, and the 5-class predictions regrouped by arousal and by valence.

Usage: tools/regroup.py RUN_DIR...   (each holds the test-predictions.csv that `train` writes: name,actual,predicted)

For every run: accuracy, the majority-class rate (the best a constant answer scores) and the one-sided binomial
probability of scoring at least this well by answering like that constant rate, P(X >= correct), X ~ Bin(n, p0).
For runs whose classes are the notebook's 5 emotions (gender-prefixed, as the notebook names them), the same
predictions are also scored after mapping every emotion onto the two axes of Russell's circumplex: arousal (angry,
fearful, happy high; calm, sad low) and valence (the notebook's 2-class grouping: calm, happy positive; sad, angry,
fearful negative). Runs on both genders are also scored on the gender prefix alone and on the emotion alone.
"""
import csv
import math
import sys
from collections import Counter

AROUSAL = {"angry": "high", "fearful": "high", "happy": "high", "calm": "low", "sad": "low"}
VALENCE = {"calm": "positive", "happy": "positive", "sad": "negative", "angry": "negative", "fearful": "negative"}


def emotion(label):
    return label.split("_", 1)[1] if "_" in label else label


def gender(label):
    return label.split("_", 1)[0]


def p_at_least(correct, n, p0):
    """One-sided binomial tail P(X >= correct) for X ~ Bin(n, p0)."""
    return sum(math.comb(n, k) * p0 ** k * (1 - p0) ** (n - k) for k in range(correct, n + 1))


def score(pairs):
    n = len(pairs)
    correct = sum(a == p for a, p in pairs)
    majority = Counter(a for a, _ in pairs).most_common(1)[0][1] / n
    return correct, n, majority, p_at_least(correct, n, majority)


def line(title, pairs):
    correct, n, majority, p = score(pairs)
    return f"  {title:<22} {correct:>4}/{n:<4} = {correct / n:.4f}   majority {majority:.4f}   P(>= by chance) {p:.2g}"


def main(dirs):
    for d in dirs:
        with open(f"{d}/test-predictions.csv", newline="") as f:
            rows = [(r["actual"], r["predicted"]) for r in csv.DictReader(f)]
        print(d)
        print(line("as trained", rows))
        if len({gender(a) for a, _ in rows}) > 1:
            print(line("gender only", [(gender(a), gender(p)) for a, p in rows]))
        emotions = [(emotion(a), emotion(p)) for a, p in rows]
        if len({gender(a) for a, _ in rows}) > 1:
            print(line("emotion only", emotions))
        if {a for a, _ in emotions} == set(AROUSAL):
            print(line("regrouped by arousal", [(AROUSAL[a], AROUSAL[p]) for a, p in emotions]))
            print(line("regrouped by valence", [(VALENCE[a], VALENCE[p]) for a, p in emotions]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: tools/regroup.py RUN_DIR...")
    main(sys.argv[1:])
