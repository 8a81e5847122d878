#!/usr/bin/env python3
"""Delta fixtures for features/src/test/resources/librosa: librosa 0.6.3's feature.delta applied to the MFCC fixtures.

librosa 0.6.3 computes delta(data, width=9, order=1, axis=-1, mode='interp') as exactly
    scipy.signal.savgol_filter(data, width, deriv=order, polyorder=order, axis=axis, mode=mode)
(after checking width odd >= 3, order >= 1 and width <= data.shape[axis] for 'interp'), so this script makes
the call itself on the librosa-made MFCC matrices; it needs only numpy and scipy.

Usage: tools/delta_fixtures.py features/src/test/resources/librosa
"""
import gzip
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.signal

FILES = ["03-01-05-02-01-01-01", "03-01-02-01-02-02-13"]   # a full 259-frame clip and the shortest (210 frames)


def read_matrix(path):
    lines = Path(path).read_text().splitlines()
    return np.array([[float(v) for v in line.split(",")] for line in lines[1:]], dtype=np.float64)


def main(folder):
    folder = Path(folder)
    for name in FILES:
        mfcc = read_matrix(folder / f"{name}.mfcc.txt")
        for order in (1, 2):
            d = scipy.signal.savgol_filter(mfcc, 9, deriv=order, polyorder=order, axis=-1, mode="interp")
            header = (f"# {name}.wav delta(mfcc, width=9, order={order}, mode='interp') = scipy.signal.savgol_filter"
                      f"(mfcc, 9, deriv={order}, polyorder={order}, axis=-1, mode='interp'), scipy {scipy.__version__},"
                      f" numpy {np.__version__} | shape={d.shape[0]}x{d.shape[1]} dtype=float64 | one line per row"
                      f" (axis 0), comma-separated columns (axis 1 = frame index) | fmt=%.17g")
            out = folder / f"{name}.delta{order}.txt"
            with open(out, "w") as f:
                f.write(header + "\n")
                for row in d:
                    f.write(",".join("%.17g" % v for v in row) + "\n")
            print("wrote", out, d.shape)


if __name__ == "__main__":
    main(sys.argv[1])
