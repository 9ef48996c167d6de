"""Measure a user's ONNX NLI model (``eval --nli-model``) on labelled source/summary pairs.

Each summary sentence is judged against its evidence and the article sentences sharing most words
with it (as the engine does); the summary's score is its least entailed sentence. Without ``cv``
the engine's entailment threshold is applied (nothing is fitted on the data reported on); with
``cv`` K>1 the threshold is fitted on K-1 folds grouped by article and applied to the K-th.
"""

from __future__ import annotations

import time

import numpy as np

from ...textspan import sentences
from . import nli
from .evaluate import summary_figures
from .fit import best_threshold, grouped_folds, source_group
from .score import SourceIndex, baseline_score, load_weights


def nli_scores(records: list[dict], model: nli.NLIModel) -> tuple[np.ndarray, float]:
    """Summary scores (least entailed sentence) and the seconds they took."""
    t0 = time.perf_counter()
    cache: dict[str, SourceIndex] = {}
    out = []
    for r in records:
        idx = cache.get(r["source"]) or cache.setdefault(r["source"], SourceIndex(r["source"]))
        sents = [s.text for s in sentences(r["summary"])] or [r["summary"]]
        ents = [nli.judge(model, nli.premises(idx, t, sc.evidence), t)[0] for t, sc in zip(sents, idx.score_many(sents))]
        out.append(min(ents))
    return np.array(out), time.perf_counter() - t0


def evaluate_nli(records: list[dict], model: nli.NLIModel, threshold: float, cv: int = 0,
                 limit: int | None = None) -> dict:
    records = records[:limit] if limit is not None else records
    if not records:
        raise ValueError("no records to evaluate")
    scores, seconds = nli_scores(records, model)
    y = np.array([r["label"] == "consistent" for r in records])
    base = np.array([baseline_score(r["source"], r["summary"]) for r in records])
    extra = {}
    if cv and cv > 1:
        pred, bpred, ts = np.zeros(len(y), bool), np.zeros(len(y), bool), []
        for test in grouped_folds([source_group(r["source"]) for r in records], cv):
            train = np.setdiff1d(np.arange(len(y)), test)
            if not len(test):
                continue
            if len(set(y[train].tolist())) < 2:
                raise ValueError("cross-validation needs both labels in every training fold")
            t = best_threshold(scores[train], y[train])
            pred[test], bpred[test] = scores[test] >= t, base[test] >= best_threshold(base[train], y[train])
            ts.append(t)
        threshold, split = float(np.mean(ts)), f"grouped {cv}-fold CV by article (threshold fitted per fold)"
        extra["fold_thresholds"] = [round(t, 4) for t in ts]
    else:
        pred, bpred = scores >= threshold, base >= load_weights().baseline_threshold
        split = "NLI model at the engine's entailment threshold"
    return {
        "n": len(records),
        "engine": f"embedded+nli ({model.path})",
        **summary_figures(y, pred, bpred, threshold),
        "seconds_per_record": round(seconds / len(records), 5),
        "split": split,
        **extra,
    }
