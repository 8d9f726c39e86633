#!/usr/bin/env python3
"""Golden values for dev.polybridge.regression: OLS fits of Boston Housing by numpy and scikit-learn.

Run offline in the project venv:  .venv/bin/python scripts/regression_golden.py [--shared ../shared]
Writes one JSON file per case to src/test/resources/golden/regression/. The train/test split re-implements
TrainTestSplit (SplitMix64 + Fisher-Yates, ceil(n * test_fraction) test rows) and the chosen row indices are
written out too, so the Java test checks both implementations draw the same rows.
"""

import argparse
import csv
import json
import math
import pathlib
import platform
import re

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score

MASK = (1 << 64) - 1
SEED = 42
TEST_FRACTION = 0.2
# goMLproject's columns: 'crim', 'nox', 'rooms', 'age', 'dis', 'rad', 'tax', 'ptratio', 'lstat'; no intercept.
SEED_FEATURES = ["crim", "nox", "rooms", "age", "dis", "rad", "tax", "ptratio", "lstat"]
CASES = [
    ("boston-housing-intercept", "boston-housing.csv", "mv", None, True),
    ("boston-housing-no-intercept", "boston-housing.csv", "mv", None, False),
    ("boston-housing-goml-features-no-intercept", "boston-housing.csv", "mv", SEED_FEATURES, False),
    ("boston-housing-classic-intercept", "boston-housing-classic.csv", "medv", None, True),
    ("boston-housing-classic-no-intercept", "boston-housing-classic.csv", "medv", None, False),
]
# numpy (SVD) and scikit-learn (centred data, scipy lstsq) solve differently; they must still agree this closely.
SOLVER_AGREEMENT = 1e-10


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_long(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_int(self, bound):
        return self.next_long() % bound


def split(rows, test_fraction, seed):
    indices = list(range(rows))
    random = SplitMix64(seed)
    for i in range(rows - 1, 0, -1):
        j = random.next_int(i + 1)
        indices[i], indices[j] = indices[j], indices[i]
    test_rows = math.ceil(rows * test_fraction)
    return sorted(indices[test_rows:]), sorted(indices[:test_rows])


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def read(path, target, features):
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    header, rows = table[0], table[1:]
    skipped = []
    if features is None:
        features = []
        for c, name in enumerate(header):
            if name == target:
                continue
            if any(is_number(row[c]) for row in rows):
                features.append(name)
            else:
                skipped.append(name)
    columns = [header.index(name) for name in features]
    x = np.array([[float(row[c]) for c in columns] for row in rows], dtype=np.float64)
    y = np.array([float(row[header.index(target)]) for row in rows], dtype=np.float64)
    return features, skipped, x, y


def metrics(y, predicted):
    rss = float(np.sum((y - predicted) ** 2))
    mse = float(mean_squared_error(y, predicted))
    return {"n": int(len(y)), "rss": rss, "mse": mse, "rmse": math.sqrt(mse), "r2": float(r2_score(y, predicted))}


def criteria(residuals, k):
    n = len(residuals)
    rss = float(np.sum(residuals**2))
    closed_form = -n / 2 * (math.log(2 * math.pi) + math.log(rss / n) + 1)
    # The textbook definition: the Gaussian log-density of each residual at the ML variance RSS/n, summed.
    by_definition = float(np.sum(scipy.stats.norm.logpdf(residuals, scale=math.sqrt(rss / n))))
    assert abs(closed_form - by_definition) <= 1e-10 * abs(by_definition), (closed_form, by_definition)
    return {
        "n": n,
        "k": k,
        "log_likelihood": by_definition,
        "aic": 2 * k - 2 * by_definition,
        "bic": k * math.log(n) - 2 * by_definition,
    }


def golden_case(shared, name, file, target, features, intercept):
    features, skipped, x, y = read(shared / "data" / file, target, features)
    train, test = split(len(y), TEST_FRACTION, SEED)
    design = np.column_stack([np.ones(len(train)), x[train]]) if intercept else x[train]
    theta, _, rank, _ = np.linalg.lstsq(design, y[train], rcond=None)
    assert rank == design.shape[1], f"{name}: rank {rank}"
    model = LinearRegression(fit_intercept=intercept).fit(x[train], y[train])
    sklearn_theta = np.concatenate([[model.intercept_], model.coef_]) if intercept else model.coef_
    agreement = float(np.max(np.abs(sklearn_theta - theta) / np.abs(theta)))
    assert agreement <= SOLVER_AGREEMENT, f"{name}: numpy and scikit-learn differ by {agreement}"

    coefficients = theta[1:] if intercept else theta
    intercept_value = float(theta[0]) if intercept else 0.0

    def predict(rows):
        return x[rows] @ coefficients + intercept_value

    return {
        "case": name,
        "data": file,
        "target": target,
        "features": features,
        "skipped_columns": skipped,
        "intercept": intercept,
        "seed": SEED,
        "test_fraction": TEST_FRACTION,
        "train_indices": train,
        "test_indices": test,
        "coefficients": {"intercept": intercept_value, **dict(zip(features, map(float, coefficients), strict=False))},
        "numpy_vs_sklearn_max_relative_difference": agreement,
        "train": metrics(y[train], predict(train)),
        "test": metrics(y[test], predict(test)),
        "criteria": criteria(y[train] - predict(train), design.shape[1]),
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--shared", type=pathlib.Path, default=root.parent / "shared")
    parser.add_argument("--out", type=pathlib.Path, default=root / "src/test/resources/golden/regression")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, file, target, features, intercept in CASES:
        golden = golden_case(args.shared, name, file, target, features, intercept)
        text = json.dumps(golden, indent=1)
        text = re.sub(
            r"\[\n[\d,\s]+\]", lambda m: "[" + " ".join(m.group(0)[1:-1].split()) + "]", text
        )  # indices on one line
        (args.out / f"{name}.json").write_text(text + "\n")
        print(
            f"{name}: test MSE {golden['test']['mse']:.4f}, AIC {golden['criteria']['aic']:.4f}, "
            f"numpy vs scikit-learn {golden['numpy_vs_sklearn_max_relative_difference']:.1e}"
        )


if __name__ == "__main__":
    main()
