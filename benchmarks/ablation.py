"""Ablation of the embedded scorer on dev: what each step of issue 15 adds.

    python benchmarks/ablation.py [--seeds 5] [--target 0.95] > benchmarks/ABLATION.md

Rows: word overlap; the lexical features fitted on dev (before issue 15: nested, refitted on the
other dev folds); the same features fitted on train; + the WordNet lexicon feature
(``opposite_words``); + the learned word risk (``novel_word_risk``, training/word_risk.py: the
shipped model); and the other train fits that were tried. Every row:
grouped 5-fold CV on dev for fold seeds 0..S-1, thresholds (summary threshold, digest cut at
precision >= --target) picked on the other folds; sentence level on dev's 1,598 annotated
sentences (fold seed 0): precision / recall of score flags (p below the summary threshold) as
detectors of unsupported sentences, and the precision of what the digest cut lets through
(among sentences the engine's rules judge supported). Features cached by training/features.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.fit import fit_logistic  # noqa: E402
from pipeline.engines.embedded.score import FEATURES  # noqa: E402

from training import devcv  # noqa: E402
from training import word_risk  # noqa: E402
from training.features import dev_rows  # noqa: E402
from training.fit_weights import fit_model, scorer, train_cv_auc, training_set  # noqa: E402

BASE = [f for f in FEATURES if f not in ("opposite_words", "novel_word_risk")]  # the 20 features before issue 15
LEXICON = [f for f in FEATURES if f != "novel_word_risk"]


def dev_fit(columns: list[str]):
    """A scorer refitted on the given dev rows (the pre-issue-15 way; reference only)."""
    cols = [FEATURES.index(c) for c in columns]

    def fit(train_rows):
        rows = [r for r in train_rows if len(r.train)]
        m = fit_logistic(np.vstack([r.train for r in rows])[:, cols], np.concatenate([r.train_y for r in rows]))
        return lambda F: m.predict(np.asarray(F)[:, cols]) if len(F) else np.zeros(0)

    return fit


def train_fit(columns: list[str], synthetic: float = 1.0, signed: bool = True, l2: float = 1.0, risk=None):
    X, y, w, groups, _ = training_set(synthetic, columns, risk=risk)
    model, kept = fit_model(X, y, w, columns, l2, signed)
    return scorer(model, kept), len(kept), train_cv_auc(X, y, w, groups, columns, l2, signed)


def products_fit(l2: float = 10.0):
    """Step 4's cheap learned model: logistic regression on the features and all their pairwise
    products (231 inputs), fitted on train + synthetic pairs, free signs."""
    X, y, w, _, _ = training_set(1.0, FEATURES)
    iu = np.triu_indices(X.shape[1])

    def expand(F):
        F = np.asarray(F)
        return np.hstack([F, (F[:, :, None] * F[:, None, :])[:, iu[0], iu[1]]])

    model = fit_logistic(expand(X), y, l2=l2, sample_weight=w)
    return lambda F: model.predict(expand(F)) if len(F) else np.zeros(0)


def word_overlap(rows):
    """Summary: min share of content words found in the source; sentence: the same share."""
    summary = np.array([r.baseline for r in rows])
    p, y, ok, ix = devcv.sentence_arrays(rows, lambda F: np.asarray(F)[:, FEATURES.index("word_coverage")])
    return summary, (p, y, ok, ix)


def row(name: str, runs: list[dict], note: str = "") -> str:
    acc = [r["balanced_accuracy"] for r in runs]
    r0 = runs[0]
    return (f"| {name} | {' / '.join(f'{a:.3f}' for a in acc)} | {np.mean(acc):.3f} | {min(acc):.3f} | "
            f"{r0['flag_precision']:.3f} / {r0['flag_recall']:.3f} | {r0['digest_precision']:.3f} | "
            f"{r0['digest_pass']}/{r0['sentences']} | {note} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--target", type=float, default=0.95)
    args = ap.parse_args(argv)
    rows = dev_rows()
    seeds = range(args.seeds)

    def cv(score=None, rows=rows, **kw):
        return [devcv.cross_validate(rows, score, seed=s, target=args.target, **kw) for s in seeds]

    summary, sent = word_overlap(rows)
    lines = [row("word overlap (no fitting)", cv(summary=summary, sentence=sent)),
             row("20 lexical features fitted on dev folds (before issue 15)", cv(fit=dev_fit(BASE)), "fits on dev")]
    for name, cols, kw, note in [
        ("20 lexical features fitted on train", BASE, {}, "sign-constrained, + synthetic"),
        ("+ WordNet lexicon feature", LEXICON, {}, "sign-constrained, + synthetic"),
        ("+ learned word risk (shipped)", FEATURES, {}, "sign-constrained, + synthetic; shrink 5, max"),
        ("  tried: word risk, shrink 2", FEATURES, {"risk": {"shrink": 2.0}}, ""),
        ("  tried: word risk, shrink 20", FEATURES, {"risk": {"shrink": 20.0}}, ""),
        ("  tried: word risk, sum of positive risks", FEATURES, {"risk": {"how": "sum"}}, ""),
        ("  tried: word risk, synthetic pairs counted too", FEATURES, {"risk": {"count_synthetic": True}}, ""),
        ("  tried: shipped, no synthetic pairs", FEATURES, {"synthetic": 0.0}, ""),
        ("  tried: shipped, free signs", FEATURES, {"signed": False}, ""),
        ("  tried: shipped, free signs, l2 = 100", FEATURES, {"signed": False, "l2": 100.0}, ""),
    ]:
        score, kept, tr_auc = train_fit(cols, **kw)
        dev = rows  # a word-risk variant is measured with its own table on dev as on train
        if "risk" in kw:
            opts = kw["risk"]
            dev = word_risk.with_table(rows, word_risk.dev_added(), word_risk.variant_table(**opts), opts.get("how", "max"))
        lines.append(row(name, cv(score, rows=dev), f"{note}; {kept} features kept; train CV AUC {tr_auc:.4f}".strip("; ")))
    lines.append(row("  model tried: + all pairwise feature products (train)", cv(products_fit()), "free signs, l2 = 10"))
    print(f"Dev = ../shared/eval/dev.jsonl ({len(rows)} summaries, {len(sent[0])} annotated sentences); "
          f"grouped 5-fold CV by article, fold seeds 0..{args.seeds - 1}; digest target precision {args.target}.\n")
    print("| scorer | dev CV bal. acc. per fold seed | mean | min | score flags P / R (seed 0) | "
          "digest cut precision (seed 0) | sentences passing | note |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print("\nModel (issue step 4): only the cheap one above (logistic regression on pairwise feature products, fitted "
          "on train); it ships only if it adds >= 0.01 dev CV on every fold seed over the shipped row. No neural model "
          "was trained here (time box spent on the lexical fits; scikit-learn is not installed); the cross-encoder "
          "trials of MODELS.md stand.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
