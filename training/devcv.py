"""Measuring a scorer on dev when only thresholds are fitted there.

A scorer here is a function of a feature matrix (rows of ``pipeline.evaluate.Featurised``:
``.train`` = annotated sentences, ``.test`` = the summary's sentences as the checker splits them).
For each fold of the grouped 5-fold split (``fit.grouped_folds``) the summary threshold, and the
digest cut, are picked on the four other folds and applied to the held-out one; the scorer itself
is never fitted on dev.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from pipeline.engines.embedded.fit import balanced_accuracy, best_threshold, grouped_folds
from pipeline.engines.embedded.score import aggregate

Scorer = Callable[[np.ndarray], np.ndarray]  # feature rows -> P(supported)


def summary_scores(rows, score: Scorer, how: str = "min") -> np.ndarray:
    return np.array([aggregate(score(r.test), how) if len(r.test) else 1.0 for r in rows])


def sentence_arrays(rows, score: Scorer) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(probabilities, supported labels, rules-pass mask, row index) of dev's annotated sentences."""
    ps, ys, ok, ix = [], [], [], []
    for i, r in enumerate(rows):
        if not (r.labelled and len(r.train)):
            continue
        ps.append(score(r.train))
        ys.append(r.train_y)
        ok.append(np.array([v == "supported" for v in r.verdicts], dtype=bool))
        ix.append(np.full(len(r.train), i))
    return np.concatenate(ps), np.concatenate(ys), np.concatenate(ok), np.concatenate(ix)


def digest_cut(p: np.ndarray, y: np.ndarray, ok: np.ndarray, target: float, min_pass: int = 20) -> float:
    """Lowest cut t such that sentences with p >= t that the rules pass are supported with
    precision >= ``target`` (at least ``min_pass`` of them); the highest-precision cut if none."""
    order = np.argsort(-p, kind="stable")
    p_s, good = p[order], (y & ok)[order]
    passing = ok[order]
    n_pass = np.cumsum(passing)
    n_good = np.cumsum(good)
    prec = np.where(n_pass > 0, n_good / np.maximum(n_pass, 1), 0.0)
    fine = np.flatnonzero((prec >= target) & (n_pass >= min_pass))
    if len(fine):
        k = fine[-1]
        return float(p_s[k])
    eligible = np.flatnonzero(n_pass >= min_pass)
    return float(p_s[eligible[np.argmax(prec[eligible])]]) if len(eligible) else 1.0


def cross_validate(rows, score: Scorer | None, seed: int = 0, k: int = 5, target: float = 0.95,
                   summary: np.ndarray | None = None, sentence: tuple | None = None, fit=None,
                   how: str = "min") -> dict:
    """Out-of-fold figures with thresholds picked on the other folds: summary balanced accuracy,
    sentence-level precision/recall of score flags (p below the summary threshold) and of the
    rules' flags (a verdict other than supported) and the precision of what the digest cut lets through."""
    if fit is not None:  # reference only: a scorer fitted on the other dev folds (as before this split)
        score = None
    s = summary_scores(rows, score, how) if summary is None and score else summary
    p, y, ok, ix = sentence_arrays(rows, score or (lambda F: np.zeros(len(F)))) if sentence is None else sentence
    yy = np.array([r.y for r in rows])
    pred = np.zeros(len(rows), dtype=bool)
    flag = np.zeros(len(p), dtype=bool)
    passed = np.zeros(len(p), dtype=bool)
    cuts, ths = [], []
    for test in grouped_folds([r.group for r in rows], k, seed=seed):
        train = np.setdiff1d(np.arange(len(rows)), test)
        if fit is not None:
            fold = fit([rows[i] for i in train])
            s = summary_scores(rows, fold, how)
            p = sentence_arrays(rows, fold)[0]
        t = best_threshold(s[train], yy[train])
        pred[test] = s[test] >= t
        st, sv = np.isin(ix, test), np.isin(ix, train)
        cut = digest_cut(p[sv], y[sv], ok[sv], target)
        flag[st] = p[st] < t
        passed[st] = (p[st] >= cut) & ok[st]
        cuts.append(cut)
        ths.append(t)
    bad = ~y
    rules = ~ok
    return {
        "balanced_accuracy": round(balanced_accuracy(yy, pred), 4),
        "flag_precision": round(float((flag & bad).sum() / max(1, flag.sum())), 4),
        "flag_recall": round(float((flag & bad).sum() / max(1, bad.sum())), 4),
        "rule_flags": int(rules.sum()),
        "rule_flag_precision": round(float((rules & bad).sum() / max(1, rules.sum())), 4),
        "rule_flag_recall": round(float((rules & bad).sum() / max(1, bad.sum())), 4),
        "digest_precision": round(float((passed & y).sum() / max(1, passed.sum())), 4),
        "digest_pass": int(passed.sum()),
        "sentences": int(len(p)),
        "thresholds": [round(t, 4) for t in ths],
        "cuts": [round(c, 4) for c in cuts],
    }
