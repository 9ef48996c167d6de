"""Measure the embedded checker on labelled source/summary pairs (``../shared/eval/dev.jsonl`` format).

``evaluate(records)`` applies the shipped weights and threshold (never tuned on the data it
reports); ``evaluate(records, cv=5)`` fits on 4 folds grouped by source article and reports
out-of-fold figures for both the model and the word-overlap baseline.  ``fit_weights``
produces the shipped ``pipeline/data/weights.json`` contents.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from .engine import EmbeddedEngine
from .fit import (
    balanced_accuracy,
    best_threshold,
    fit_logistic,
    grouped_folds,
    recalls,
    source_group,
)
from .score import FEATURES, SourceIndex, Weights, aggregate, baseline_score, load_weights
from ...textspan import sentences

_ENGINE = EmbeddedEngine()  # stateless: its verdict rules are measured on annotated sentences
AGGREGATION = "min"
L2 = 1.0


@dataclass
class Featurised:
    train: np.ndarray  # features of the sentences with sentence labels (for fitting)
    train_y: np.ndarray
    test: np.ndarray  # features of the summary's own sentences (as the checker splits them)
    y: bool  # summary label: True = consistent
    group: str
    baseline: float
    labelled: bool = True  # train/train_y come from annotated sentence_labels
    verdicts: tuple[str, ...] = ()  # the engine's verdict on each annotated sentence (train)
    rules: tuple[str | None, ...] = ()  # the rule that decided each of those verdicts


def _vector(scored) -> list[float]:
    return [scored.features[f] for f in FEATURES]


def featurise(records: list[dict]) -> tuple[list[Featurised], float]:
    """Features for every record (each distinct source indexed once); returns (rows, seconds)."""
    t0 = time.perf_counter()
    cache: dict[str, SourceIndex] = {}
    out = []
    for r in records:
        idx = cache.get(r["source"])
        if idx is None:
            idx = cache[r["source"]] = SourceIndex(r["source"])
        test = [s.text for s in sentences(r["summary"])] or [r["summary"]]
        y = r["label"] == "consistent"
        labelled = r.get("sentence_labels") or []
        if labelled:
            train = [s["sentence"] for s in labelled]
            train_y = [s["label"] == "supported" for s in labelled]
        else:  # no sentence labels: each sentence takes the summary's label
            train, train_y = test, [y] * len(test)
        scored = idx.score_many(train + test)
        judged = _ENGINE.judge_scored(idx, train, scored[: len(train)]) if labelled else []
        out.append(
            Featurised(
                train=np.array([_vector(s) for s in scored[: len(train)]]),
                train_y=np.array(train_y, dtype=bool),
                test=np.array([_vector(s) for s in scored[len(train) :]]),
                y=y,
                group=source_group(r["source"]),
                baseline=baseline_score(r["source"], r["summary"]),
                labelled=bool(labelled),
                verdicts=tuple(v.label for v in judged),
                rules=tuple(v.rule for v in judged),
            )
        )
    return out, time.perf_counter() - t0


def _aggregate(p: np.ndarray, how: str = AGGREGATION) -> float:
    return aggregate(p, how)


def _claim_threshold(rows: list[Featurised], k: int = 5) -> float:
    """Threshold maximising sentence-level balanced accuracy on out-of-fold sentence
    probabilities (grouped k-fold by article inside ``rows``; annotated sentences only)."""
    probs, ys = [], []
    for test_idx in grouped_folds([r.group for r in rows], k):
        train = [rows[i] for i in np.setdiff1d(np.arange(len(rows)), test_idx)]
        test = [rows[i] for i in test_idx if rows[i].labelled and len(rows[i].train)]
        if not train or not test:
            continue
        Y = np.concatenate([r.train_y for r in train])
        if len(set(Y.tolist())) < 2:
            continue
        model = fit_logistic(np.vstack([r.train for r in train]), Y, l2=L2)
        probs.append(model.predict(np.vstack([r.train for r in test])))
        ys.append(np.concatenate([r.train_y for r in test]))
    if not probs:
        return float("nan")
    return best_threshold(np.concatenate(probs), np.concatenate(ys))


def _sentence_probs(rows: list[Featurised], w: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities and labels (True = supported) of the annotated sentences of ``rows``."""
    rows = [r for r in rows if r.labelled and len(r.train)]
    if not rows:
        return np.zeros(0), np.zeros(0, dtype=bool)
    X = np.vstack([r.train for r in rows])
    z = ((X - np.array(w.mean)) / np.array(w.scale)) @ np.array(w.coef) + w.intercept
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40))), np.concatenate([r.train_y for r in rows])


def sentence_metrics(y: np.ndarray, p: np.ndarray, t: float) -> dict:
    """Sentence level: balanced accuracy, and precision/recall of flagged (p < t) sentences
    as detectors of unsupported ones."""
    flagged, bad = p < t, ~np.asarray(y, dtype=bool)
    tp = int(np.sum(flagged & bad))
    return {
        "n": int(len(y)),
        "unsupported": int(bad.sum()),
        "balanced_accuracy": round(balanced_accuracy(y, ~flagged), 4),
        "flagged_precision": round(float(tp / flagged.sum()), 4) if flagged.any() else float("nan"),
        "flagged_recall": round(float(tp / bad.sum()), 4) if bad.any() else float("nan"),
    }


def _fit(rows: list[Featurised]) -> tuple[Weights, np.ndarray]:
    X = np.vstack([r.train for r in rows])
    Y = np.concatenate([r.train_y for r in rows])
    model = fit_logistic(X, Y, l2=L2)
    y = np.array([r.y for r in rows])
    scores = np.array([_aggregate(model.predict(r.test)) for r in rows])
    base = np.array([r.baseline for r in rows])
    w = Weights(
        features=list(FEATURES),
        coef=[float(c) for c in model.coef],
        intercept=model.intercept,
        mean=[float(c) for c in model.mean],
        scale=[float(c) for c in model.scale],
        threshold=best_threshold(scores, y),
        aggregation=AGGREGATION,
        baseline_threshold=best_threshold(base, y),
    )
    ct = _claim_threshold(rows)
    w.claim_threshold = w.threshold if np.isnan(ct) else ct
    return w, scores


def _summary_scores(rows: list[Featurised], w: Weights) -> np.ndarray:
    out = []
    for r in rows:
        z = ((r.test - np.array(w.mean)) / np.array(w.scale)) @ np.array(w.coef) + w.intercept
        out.append(_aggregate(1.0 / (1.0 + np.exp(-np.clip(z, -40, 40))), w.aggregation))
    return np.array(out)


def _shipped_figures(rows: list[Featurised], w: Weights, base: np.ndarray) -> tuple:
    """Predictions and sentence figures of the shipped weights and thresholds (no CV)."""
    s_p, s_y = _sentence_probs(rows, w)
    sentence = {"claim": sentence_metrics(s_y, s_p, w.claim_threshold),
                "summary_threshold": sentence_metrics(s_y, s_p, w.threshold)}
    return (_summary_scores(rows, w) >= w.threshold, base >= w.baseline_threshold,
            "shipped weights (in-sample if the data is dev)", w.threshold, {}, w.claim_threshold, sentence)


_SPLIT = {True: "refitted on the other folds", False: "shipped (fitted on train); thresholds picked on the other folds"}


def _shipped(weights: Weights | None, refit: bool | None) -> tuple[Weights, bool]:
    """The weights to measure, and whether CV refits them: by default only when they were not
    fitted on train (then only the thresholds are picked on the training folds)."""
    w = weights or load_weights()
    return w, (not str(w.provenance.get("fitted_on", "")).startswith("train")) if refit is None else refit


def _refit_thresholds(rows: list[Featurised], base: Weights) -> Weights:
    """``base`` (weights fitted on train) with its thresholds picked on ``rows`` (dev folds)."""
    y = np.array([r.y for r in rows])
    w = dataclasses.replace(base)
    w.threshold = best_threshold(_summary_scores(rows, base), y)
    w.baseline_threshold = best_threshold(np.array([r.baseline for r in rows]), y)
    p, ys = _sentence_probs(rows, base)
    w.claim_threshold = best_threshold(p, ys) if len(p) else w.threshold
    return w


def fit_weights(records: list[dict]) -> Weights:
    rows, _ = featurise(records)
    return _fit(rows)[0]


def flag_metrics(rows: list[Featurised]) -> dict:
    """The embedded engine's verdict rules (cues, not the fitted score) on every annotated summary
    sentence, each checked as a summary claim against its article: how many are flagged, and how
    many of those the annotators marked unsupported. The rules are not fitted on the data."""
    by_verdict: dict[str, list[int]] = {}  # verdict -> [sentences, of them annotated unsupported]
    for r in rows:
        for label, supported in zip(r.verdicts, r.train_y):
            row = by_verdict.setdefault(label, [0, 0])
            row[0] += 1
            row[1] += not supported
    flagged = [row for label, row in by_verdict.items() if label != "supported"]
    n_flag, n_bad_flag = sum(r[0] for r in flagged), sum(r[1] for r in flagged)
    n_bad = sum(r[1] for r in by_verdict.values())
    return {
        "sentences": sum(r[0] for r in by_verdict.values()),
        "unsupported": n_bad,
        "flagged": n_flag,
        "flagged_precision": round(n_bad_flag / n_flag, 4) if n_flag else None,
        "flagged_recall": round(n_bad_flag / n_bad, 4) if n_bad else None,
        "by_verdict": {k: {"sentences": v[0], "annotated_unsupported": v[1]} for k, v in sorted(by_verdict.items())},
        "by_rule": rule_metrics(rows),
    }


def rule_metrics(rows: list[Featurised]) -> dict:
    """Per rule of the table, in its order: on how many annotated sentences it decided the verdict,
    how many of those the annotators marked unsupported, and that share (its precision). A rule
    that never decided is listed with 0."""
    counts = {r.name: [0, 0] for r in _ENGINE.rules}
    for r in rows:
        for rule, supported in zip(r.rules, r.train_y):
            if rule is not None:
                counts[rule][0] += 1
                counts[rule][1] += not supported
    return {name: {"fired": n, "annotated_unsupported": bad, "precision": round(bad / n, 4) if n else None}
            for name, (n, bad) in counts.items()}


def summary_figures(y: np.ndarray, pred: np.ndarray, bpred: np.ndarray, threshold: float) -> dict:
    """Balanced accuracy and per-class recall of a method and of the word-overlap baseline."""
    return {
        "balanced_accuracy": round(balanced_accuracy(y, pred), 4),
        "threshold": round(threshold, 4),
        "recall": {k: round(v, 4) for k, v in recalls(y, pred).items()},
        "baseline_balanced_accuracy": round(balanced_accuracy(y, bpred), 4),
        "baseline_recall": {k: round(v, 4) for k, v in recalls(y, bpred).items()},
    }


def _cross_validated(rows: list[Featurised], base: np.ndarray, cv: int, fold_seed: int,
                     shipped: Weights, refit: bool) -> tuple:
    """Out-of-fold (pred, baseline pred, threshold, claim threshold, sentence figures, extra keys)."""
    pred = np.zeros(len(rows), dtype=bool)
    bpred = np.zeros(len(rows), dtype=bool)
    thresholds, claim_ts, folds_used = [], [], 0
    sp, sy, sp_t = [], [], []  # held-out sentence probs, labels, (claim, summary) thresholds of their fold
    for test_idx in grouped_folds([r.group for r in rows], cv, seed=fold_seed):
        if not len(test_idx):
            continue
        train_idx = np.setdiff1d(np.arange(len(rows)), test_idx)
        train_rows = [rows[i] for i in train_idx]
        if len(train_idx) == 0 or len({r.y for r in train_rows}) < 2:
            raise ValueError("cross-validation needs both labels in every training fold")
        w = _fit(train_rows)[0] if refit else _refit_thresholds(train_rows, shipped)
        pred[test_idx] = _summary_scores([rows[i] for i in test_idx], w) >= w.threshold
        bpred[test_idx] = base[test_idx] >= w.baseline_threshold
        thresholds.append(w.threshold)
        claim_ts.append(w.claim_threshold)
        p_s, y_s = _sentence_probs([rows[i] for i in test_idx], w)
        sp.append(p_s)
        sy.append(y_s)
        sp_t.append(np.stack([np.full(len(p_s), w.claim_threshold), np.full(len(p_s), w.threshold)]))
        folds_used += 1
    extra = {"weights": _SPLIT[refit], "fold_thresholds": [round(t, 4) for t in thresholds], "folds": folds_used,
             "fold_claim_thresholds": [round(t, 4) for t in claim_ts]}
    s_p, s_y, s_t = np.concatenate(sp), np.concatenate(sy), np.concatenate(sp_t, axis=1)
    sentence = {"claim": sentence_metrics(s_y, s_p, s_t[0]), "summary_threshold": sentence_metrics(s_y, s_p, s_t[1])}
    return pred, bpred, float(np.mean(thresholds)), float(np.mean(claim_ts)), sentence, extra


def evaluate(
    records: list[dict], weights: Weights | None = None, cv: int = 0, limit: int | None = None, fold_seed: int = 0,
    refit: bool | None = None,  # refit the weights on the training folds (default: unless fitted on train)
) -> dict:
    shipped, refit = _shipped(weights, refit)
    if limit is not None:
        records = records[:limit]
    if not records:
        raise ValueError("no records to evaluate")
    rows, seconds = featurise(records)
    y = np.array([r.y for r in rows])
    base = np.array([r.baseline for r in rows])
    if cv and cv > 1:
        pred, bpred, threshold, claim_threshold, sentence, extra = _cross_validated(rows, base, cv, fold_seed,
                                                                                   shipped, refit)
        split = f"grouped {cv}-fold CV by article" + (f" (fold seed {fold_seed})" if fold_seed else "")
    else:
        pred, bpred, split, threshold, extra, claim_threshold, sentence = _shipped_figures(rows, shipped, base)
    return {
        "n": len(rows),
        **summary_figures(y, pred, bpred, threshold),
        "claim_threshold": round(claim_threshold, 4),
        # Sentence level (annotated sentence_labels): at the claim threshold, and for comparison
        # at the summary threshold; "flagged" = probability below the threshold (unsupported).
        "sentence": sentence,
        "flags": flag_metrics(rows),
        "seconds_per_record": round(seconds / len(rows), 5),
        "split": split,
        **extra,
    }
