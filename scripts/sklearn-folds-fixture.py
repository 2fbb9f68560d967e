#!/usr/bin/python3
"""Regenerates test/fixtures/sklearn-folds.json: the fold of every row as scikit-learn's
StratifiedKFold(n_splits=k, shuffle=True, random_state=seed) assigns it, for the Sonar labels
(data/sonar.csv, last column) and an imbalanced three-class label vector, k = 3, 5, 10, several
seeds. Run with Debian's python3-sklearn: /usr/bin/python3 scripts/sklearn-folds-fixture.py
(the test that reads the fixture needs no Python)."""
import csv
import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import StratifiedKFold

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

with open(os.path.join(ROOT, 'data', 'sonar.csv'), newline='') as f:
    sonar = [row[-1] for row in csv.reader(f) if row]

# Imbalanced, three classes, shuffled so that the first label to appear is not the smallest
# value (sklearn numbers classes by first appearance): 90 / 45 / 15 rows of labels 2 / 0 / 1.
draw = np.random.RandomState(20240517)
imbalanced = [2] * 90 + [0] * 45 + [1] * 15
draw.shuffle(imbalanced)
while imbalanced[0] != 2:
    draw.shuffle(imbalanced)
imbalanced = [int(x) for x in imbalanced]

SEEDS = [0, 1, 7, 42, 2024, 123456789, 4294967295]
cases = []
for name, labels in (('sonar', sonar), ('imbalanced3', imbalanced)):
    y = np.asarray(labels)
    for k in (3, 5, 10):
        for seed in SEEDS:
            fold_of = np.full(len(y), -1)
            for fold, (_, test) in enumerate(StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)):
                fold_of[test] = fold
            assert (fold_of >= 0).all()
            cases.append({'labels': name, 'k': k, 'seed': seed, 'folds': ''.join(str(int(f)) for f in fold_of)})

fixture = {
    'about': 'StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(X, y): folds[i] is the test fold of row i. Made by scripts/sklearn-folds-fixture.py.',
    'sklearn': sklearn.__version__,
    'numpy': np.__version__,
    # One character per row: Sonar's R/M, the digits of the three-class vector.
    'labels': {'sonar': ''.join(sonar), 'imbalanced3': ''.join(str(x) for x in imbalanced)},
    'cases': cases,
}
with open(os.path.join(ROOT, 'test', 'fixtures', 'sklearn-folds.json'), 'w') as f:
    json.dump(fixture, f, indent=1)
    f.write('\n')
print(f'{len(cases)} cases written')
