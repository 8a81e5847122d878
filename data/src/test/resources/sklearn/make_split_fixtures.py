"""Writes split_fixtures.txt: scikit-learn StratifiedShuffleSplit results that StratifiedShuffleSplitTest compares
against. Run with: python3 make_split_fixtures.py > split_fixtures.txt  (needs numpy and scikit-learn)."""
import numpy as np
import sklearn
from sklearn.model_selection import StratifiedShuffleSplit

def case(name, labels, test_size, seed):
    sss = StratifiedShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train, test = next(sss.split(np.zeros(len(labels)), np.array(labels)))
    print("case", name)
    print("test_size", repr(test_size))
    print("seed", seed)
    print("labels", " ".join(labels))
    print("train", " ".join(map(str, train)))
    print("test", " ".join(map(str, test)))

print("# sklearn", sklearn.__version__, "numpy", np.__version__)
case("docstring", ["0", "0", "0", "1", "1", "1"], 0.5, 0)
# the notebook's shape: 2 male classes, 8 actors x (16 positive, 24 negative), original + 2 augmented copies
one = ["male_positive"] * 16 + ["male_negative"] * 24
case("notebook_shape", one * 8 * 3, 0.2, 12)
# ties in the remainders: 3 classes of 7 with 10 test draws
case("ties", ["a"] * 7 + ["b"] * 7 + ["c"] * 7, 10 / 21, 3)
rs = np.random.RandomState(5)
case("random_8_classes", [("female_" if i % 2 else "male_") + "abcdefgh"[k] for i, k in enumerate(rs.randint(0, 8, 301))], 0.2, 12)
case("unbalanced", ["x"] * 3 + ["y"] * 50 + ["z"] * 11, 0.25, 1234567)
