"""Learn which words a claim adds to its source go with unsupported claims, from ../shared/train/,
and write pipeline/data/novel_word_risk.json (the scorer's ``novel_word_risk`` feature).

    python training/word_risk.py [--shrink 5]

For each lemma: in how many of train's real sentence pairs (``training/pairs.py``; not the
synthetic pairs, whose added words are this project's own swaps) it is in the claim but not in the
premise, split by label. Its risk is the log-odds of "unsupported" given that, shrunk towards the
base rate by ``--shrink`` pseudo-pairs, minus the base log-odds. A claim's feature is the highest
risk among its added words. The logistic regression in ``fit_weights.py`` is fitted on cross-fitted
values (each train fold's risks come from the other folds) so the fit never sees a feature that
already knew its label. Dev is never read here.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded import word_risk as shipped_risk  # noqa: E402
from pipeline.engines.embedded.fit import grouped_folds, source_group  # noqa: E402
from pipeline.engines.embedded.score import FEATURES, SourceIndex  # noqa: E402

from training.features import DEV, TRAIN_DIR, _cached, _key  # noqa: E402
from training.pairs import Pair, load_train, select_records, sentence_pairs  # noqa: E402

OUT = ROOT / "pipeline" / "data" / "novel_word_risk.json"
SHRINK = 5.0  # pseudo-pairs at the base rate (chosen before any dev figure; see benchmarks/ABLATION.md)


def added_lemmas(pairs: list[Pair], name: str) -> list[list[str]]:
    """For each pair, the content lemmas of its sentence that its premise lacks (cached)."""

    def build():
        by_premise = defaultdict(list)
        for i, p in enumerate(pairs):
            by_premise[p.premise].append(i)
        out: list[list[str]] = [[] for _ in pairs]
        for premise, idx in by_premise.items():
            for i, s in zip(idx, SourceIndex(premise).score_many([pairs[i].sentence for i in idx])):
                out[i] = list(s.novel_words)
        return out

    return _cached(f"added-{name}", _key(name, str(len(pairs)), *(p.sentence for p in pairs[:50])), build)


def fit(labels: list[bool], added: list[list[str]], shrink: float = SHRINK) -> dict[str, float]:
    """lemma -> shrunk log-odds of unsupported when the lemma is added, minus the base log-odds."""
    ok, bad = Counter(), Counter()
    for lab, words in zip(labels, added):
        (ok if lab else bad).update(set(words))
    n_ok, n_bad = sum(labels), len(labels) - sum(labels)
    share_bad = n_bad / len(labels)
    base = math.log(n_bad / n_ok)
    return {w: round(math.log((bad[w] + shrink * share_bad) / (ok[w] + shrink * (1 - share_bad))) - base, 3)
            for w in set(ok) | set(bad)}


def risk_of(added: list[str], table: dict[str, float], how: str = "max") -> float:
    """The claim's feature as the scorer computes it (``word_risk.risk``: its riskiest added word),
    or ``how="sum"``: the sum of the positive risks, a variant measured in benchmarks/ABLATION.md."""
    if how == "sum":
        return sum(max(0.0, table.get(w, 0.0)) for w in added)
    return shipped_risk.risk(added, table)


def cross_fitted(pairs: list[Pair], added: list[list[str]], counted: list[bool], k: int = 5,
                 shrink: float = SHRINK, how: str = "max") -> np.ndarray:
    """The feature for every pair, each fold's from risks fitted on the other folds' pairs that
    ``counted`` marks (the real ones; the synthetic ones too in a variant)."""
    out = np.zeros(len(pairs))
    for test in grouped_folds([source_group(p.premise) for p in pairs], k):
        rest = [i for i in np.setdiff1d(np.arange(len(pairs)), test) if counted[i]]
        table = fit([pairs[i].supported for i in rest], [added[i] for i in rest], shrink)
        for i in test:
            out[i] = risk_of(added[i], table, how)
    return out


def variant_table(shrink: float = SHRINK, count_synthetic: bool = False, how: str = "max") -> dict[str, float]:
    """The table a variant of ``fit_weights.training_set(risk=...)`` would ship (all of train)."""
    from training.pairs import synthetic_pairs

    pairs = sentence_pairs(select_records(load_train(TRAIN_DIR)))
    both, added = list(pairs), added_lemmas(pairs, "train")
    if count_synthetic:
        syn = synthetic_pairs(pairs)
        both, added = both + syn, added + added_lemmas(syn, "synthetic")
    return fit([p.supported for p in both], added, shrink)


def dev_added(path: Path = DEV) -> list[tuple[list[list[str]], list[list[str]]]]:
    """Per dev record, the added lemmas of its annotated sentences and of its own sentences, in the
    order of ``featurise``'s rows (to measure a variant table on dev; nothing is fitted on it)."""
    from pipeline.evaluate import load_records
    from pipeline.textspan import sentences

    def build():
        out, cache = [], {}
        for r in load_records(path):
            idx = cache.get(r["source"]) or cache.setdefault(r["source"], SourceIndex(r["source"]))
            test = [s.text for s in sentences(r["summary"])] or [r["summary"]]
            train = [s["sentence"] for s in r.get("sentence_labels") or []] or test
            scored = [list(s.novel_words) for s in idx.score_many(train + test)]
            out.append((scored[: len(train)], scored[len(train) :]))
        return out

    return _cached("added-dev", _key(str(path)), build)


def with_table(rows, added, table: dict[str, float], how: str = "max"):
    """Dev rows whose ``novel_word_risk`` column comes from ``table`` instead of the shipped one."""
    j = FEATURES.index("novel_word_risk")

    def swap(M, lemmas):
        M = M.copy()
        if len(M):
            M[:, j] = [risk_of(a, table, how) for a in lemmas]
        return M

    return [dataclasses.replace(r, train=swap(r.train, tr), test=swap(r.test, te)) for r, (tr, te) in zip(rows, added)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shrink", type=float, default=SHRINK)
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    pairs = sentence_pairs(select_records(load_train(TRAIN_DIR)))
    added = added_lemmas(pairs, "train")
    table = fit([p.supported for p in pairs], added, args.shrink)
    top = sorted(table.items(), key=lambda kv: -kv[1])
    print(f"{len(pairs)} real train sentence pairs, {len(table)} words; riskiest: "
          + ", ".join(f"{w} {v:+.2f}" for w, v in top[:12]) + "; safest: "
          + ", ".join(f"{w} {v:+.2f}" for w, v in top[-8:]))
    doc = {"provenance": {"fitted_on": "../shared/train/ summedits.jsonl + fib.jsonl real sentence pairs "
                                        "(training/pairs.py; Falke and synthetic pairs left out)",
                          "credits": "FIB (Tam et al. 2023, CC BY 4.0); SummEdits (Laban et al. 2023, Apache-2.0)",
                          "shrink": args.shrink, "pairs": len(pairs),
                          "command": "python training/word_risk.py", "date": datetime.date.today().isoformat()},
           "risk": dict(sorted(table.items()))}
    Path(args.out).write_text(json.dumps(doc, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
