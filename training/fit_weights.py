"""Fit the embedded scorer on ../shared/train/ (+ synthetic pairs from its premises) and write
pipeline/data/weights.json; dev only sets thresholds.

    python training/fit_weights.py [--l2 1] [--synthetic 1.0] [--no-lexicon] [--target 0.95] [--seeds 5] [--dry-run]
        [--drop-xsum-refs] [--news-only] [--aggregation min|gmean|blend]  (variants of benchmarks/ABLATION.md)

1. Sentence pairs from the train summaries (``training/pairs.py``; Falke left out: CC BY-SA) and
   synthetic pairs from the train premises (WordNet opposites, numbers, names swapped).
2. L2 logistic regression on the scorer's features (``score.FEATURES``), fitted on those only.
   A grouped 5-fold CV *inside train* (by premise) prints the sentence AUC used to compare settings.
3. On dev (``../shared/eval/dev.jsonl``), grouped 5-fold CV for fold seeds 0..S-1 where only the
   summary threshold and the digest cut are picked on the other folds (``training/devcv.py``).
4. The shipped thresholds are picked on all of dev: ``threshold`` (summary balanced accuracy),
   ``claim_threshold`` (sentence balanced accuracy, reference), ``digest_threshold`` (lowest cut at
   which the claims the rules pass are supported with precision >= --target), ``baseline_threshold``.
Features are cached under $BRIEFCHECK_LEARN_CACHE (default /tmp/briefcheck-learn-cache).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.fit import Logistic, best_threshold, fit_logistic, fit_logistic_signed  # noqa: E402
from pipeline.engines.embedded.score import FEATURES, Weights  # noqa: E402

from training import devcv, word_risk  # noqa: E402
from training.features import TRAIN_DIR, dev_rows, pair_features  # noqa: E402
from training.pairs import load_train, select_records, sentence_pairs, synthetic_pairs  # noqa: E402

DEFAULT_TARGET = 0.95
# The sign each feature's weight must have, known before any fitting: coverage of the claim by
# the source helps, what the source lacks or opposes hurts. Train's labels come from minimal
# edits (a swapped name, number or word) and abstractive references, where coverage and support
# part ways; left free, collinear coverage features take signs that do not carry to dev.
PRIOR_SIGNS = {
    "word_coverage": 1, "bigram_coverage": 1, "best_sentence_coverage": 1, "best_window_coverage": 1,
    "evidence_cosine": 1, "topic_cosine": 1, "novel_numbers": -1, "novel_names": -1, "novel_words": -1,
    "negation_mismatch": -1, "claim_length": 0, "trigram_coverage": 1, "fragment_density": 1,
    "longest_fragment": 1, "soft_coverage": 1, "off_evidence_words": -1, "off_evidence_specifics": -1,
    "cover_sentences": -1, "pair_cooccurrence": 1, "soft_novelty": -1, "opposite_words": -1, "novel_word_risk": -1,
}


def training_set(synthetic: float, columns: list[str], drop_xsum_refs: bool = False, news_only: bool = False,
                 risk: dict | None = None):
    """(X, y, sample weights, premise groups, counts) of the train sentence pairs + synthetic pairs
    (the records selected by ``pairs.select_records``; synthetic pairs from their premises only).
    ``risk``: variants of the word-risk feature (``shrink``, ``how``, ``count_synthetic``)."""
    pairs = sentence_pairs(select_records(load_train(TRAIN_DIR), drop_xsum_refs, news_only))
    syn = synthetic_pairs(pairs)
    X = pair_features(pairs, "train")
    Xs = pair_features(syn, "synthetic")
    # The shipped word risks were fitted on train's labels: the fit sees cross-fitted ones.
    added = word_risk.added_lemmas(pairs, "train") + word_risk.added_lemmas(syn, "synthetic")
    opts = dict(risk or {})
    counted = [True] * len(pairs) + [bool(opts.pop("count_synthetic", False))] * len(syn)
    fitted = word_risk.cross_fitted(pairs + syn, added, counted, **opts)
    j = FEATURES.index("novel_word_risk")
    X, Xs = X.copy(), Xs.copy()
    X[:, j], Xs[:, j] = fitted[: len(pairs)], fitted[len(pairs) :]
    cols = [FEATURES.index(c) for c in columns]
    y = np.array([p.supported for p in pairs] + [p.supported for p in syn])
    w = np.concatenate([np.ones(len(pairs)), np.full(len(syn), synthetic)])
    keep = w > 0
    groups = [p.premise for p in pairs] + [p.premise for p in syn]
    counts = {"train_sentence_pairs": len(pairs), "train_supported": int(sum(p.supported for p in pairs)),
              "synthetic_pairs": len(syn) if synthetic > 0 else 0, "synthetic_weight": synthetic,
              "drop_xsum_references": drop_xsum_refs, "news_only": news_only}
    X = np.vstack([X, Xs])[:, cols]
    return X[keep], y[keep], w[keep], [g for g, k in zip(groups, keep) if k], counts


def auc(y: np.ndarray, s: np.ndarray) -> float:
    """Probability that a supported item scores above an unsupported one (ties count half)."""
    order = np.argsort(s, kind="stable")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    for v in np.unique(s):  # average ranks of ties
        m = s == v
        ranks[m] = ranks[m].mean()
    pos = y.astype(bool)
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)) if n1 and n0 else float("nan")


def fit_model(X, y, w, columns: list[str], l2: float, signed: bool) -> tuple[Logistic, list[str]]:
    if not signed:
        return fit_logistic(X, y, l2=l2, sample_weight=w), list(columns)
    model, kept = fit_logistic_signed(X, y, [PRIOR_SIGNS.get(c, 0) for c in columns], l2=l2, sample_weight=w)
    return model, [columns[i] for i in kept]


def train_cv_auc(X, y, w, groups, columns: list[str], l2: float, signed: bool, k: int = 5) -> float:
    """Sentence AUC inside train, grouped by premise (settings are compared on this, not on dev)."""
    from pipeline.engines.embedded.fit import grouped_folds, source_group

    pred = np.zeros(len(y))
    for test in grouped_folds([source_group(g) for g in groups], k):
        tr = np.setdiff1d(np.arange(len(y)), test)
        model, kept = fit_model(X[tr], y[tr], w[tr], columns, l2, signed)
        pred[test] = model.predict(X[test][:, [columns.index(c) for c in kept]])
    return auc(y, pred)


def scorer(model: Logistic, columns: list[str]):
    cols = [FEATURES.index(c) for c in columns]
    return lambda F: model.predict(np.asarray(F)[:, cols]) if len(F) else np.zeros(0)


def dev_table(rows, score, seeds: int, target: float, how: str = "min") -> list[dict]:
    return [devcv.cross_validate(rows, score, seed=s, target=target, how=how) for s in range(seeds)]


def print_cv(name: str, runs: list[dict]) -> None:
    acc = [r["balanced_accuracy"] for r in runs]
    r0 = runs[0]
    print(f"| {name} | {' / '.join(f'{a:.3f}' for a in acc)} | {np.mean(acc):.3f} | {r0['flag_precision']:.3f} / "
          f"{r0['flag_recall']:.3f} | {r0['digest_precision']:.3f} ({r0['digest_pass']}/{r0['sentences']}) |")


def shipped_thresholds(rows, score, target: float, how: str = "min") -> dict:
    """Thresholds picked on all of dev (thresholds only: the weights are train's)."""
    yy = np.array([r.y for r in rows])
    s = devcv.summary_scores(rows, score, how)
    p, y, ok, _ = devcv.sentence_arrays(rows, score)
    cut = devcv.digest_cut(p, y, ok, target)
    passing = (p >= cut) & ok
    return {
        "threshold": best_threshold(s, yy),
        "claim_threshold": best_threshold(p, y),
        "digest_threshold": cut,
        "baseline_threshold": best_threshold(np.array([r.baseline for r in rows]), yy),
        "digest_in_sample": {"precision": round(float((passing & y).sum() / max(1, passing.sum())), 4),
                             "sentences_passing": int(passing.sum()), "sentences": int(len(p))},
    }


SEED = ROOT / "seeds" / "000_041345f959c62141.txt"


def seed_cap(weights: Weights, min_bullets: int) -> float:
    """The highest digest cut that still leaves the seed briefing ``min_bullets`` bullets under
    ``weights`` (the issue's floor: a digest of three bullets or more on the seed)."""
    from pipeline.checker import check_briefing
    from pipeline.digest import digest
    from pipeline.engines.embedded import score as score_mod
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.models import Usage
    from pipeline.parse import parse_file

    saved = score_mod.load_weights
    score_mod.load_weights = lambda: weights
    try:
        engine = EmbeddedEngine()
        report = check_briefing(parse_file(SEED), engine)
        for cut in sorted({c.score for c in report.claims if c.verdict == "supported"}, reverse=True):
            weights.digest_threshold = cut
            if len(digest(report.briefing, report.claims, engine, Usage()).bullets) >= min_bullets:
                return float(cut)
        return 0.0
    finally:
        score_mod.load_weights = saved


def make_weights(model: Logistic, columns: list[str], th: dict, provenance: dict, how: str = "min") -> Weights:
    """Weights over every feature of ``score.FEATURES`` (a feature the fit left out gets weight 0),
    so code that applies them to full feature rows (``pipeline.evaluate``) keeps working."""
    fitted = {c: (float(model.coef[i]), float(model.mean[i]), float(model.scale[i])) for i, c in enumerate(columns)}
    full = [fitted.get(f, (0.0, 0.0, 1.0)) for f in FEATURES]
    return Weights(
        features=list(FEATURES), coef=[c for c, _, _ in full], intercept=model.intercept,
        mean=[m for _, m, _ in full], scale=[s for _, _, s in full],
        threshold=th["threshold"], aggregation=how, baseline_threshold=th["baseline_threshold"],
        provenance=provenance, claim_threshold=th["claim_threshold"], digest_threshold=th["digest_threshold"],
    )


def provenance(args, counts: dict, columns: list[str], tr_auc: float, th: dict, runs: list[dict], signed: bool,
               from_cli: bool) -> dict:
    cmd = "python training/fit_weights.py" + ("".join(f" {a}" for a in sys.argv[1:]) if from_cli else "")
    return {
        "fitted_on": "train: ../shared/train/ summedits.jsonl + fib.jsonl (Falke left out: CC BY-SA), "
                     "sentence pairs (training/pairs.py) + synthetic pairs from train premises",
        "credits": "FIB (Tam et al. 2023, CC BY 4.0); SummEdits (Laban et al. 2023, Apache-2.0); "
                   "WordNet 3.0 (Princeton University) for the opposites of the synthetic pairs",
        "counts": counts, "l2": args.l2, "features_kept": columns, "aggregation": args.aggregation,
        **({"choice": args.choice} if args.choice else {}),
        "model": "L2 logistic regression on standardised features, signs held to PRIOR_SIGNS "
                 "(training/fit_weights.py) by backward elimination" if signed else "L2 logistic regression",
        "train_cv_sentence_auc": round(tr_auc, 4),
        "thresholds_on": "dev.jsonl (thresholds only: summary threshold, claim_threshold, digest_threshold, "
                         "baseline_threshold)",
        "digest_target_precision": args.target, "digest_in_sample": th["digest_in_sample"],
        "cv": {"split": "grouped 5-fold CV by article (fold seed 0); weights from train, thresholds on the other folds",
               "balanced_accuracy": runs[0]["balanced_accuracy"], "command": "briefcheck eval ../shared/eval/dev.jsonl --cv 5"},
        "dev_cv": {"split": "grouped 5-fold by article; weights from train, thresholds picked on the other folds",
                   "balanced_accuracy": [r["balanced_accuracy"] for r in runs],
                   "mean": round(float(np.mean([r["balanced_accuracy"] for r in runs])), 4),
                   "before_issue_15": "0.6505, 0.6415, 0.6442, 0.6559, 0.6501 (mean 0.648), weights fitted on dev folds",
                   "fold_seeds": runs},
        "date": datetime.date.today().isoformat(), "command": cmd,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--synthetic", type=float, default=1.0, help="weight of each synthetic pair (0: none)")
    ap.add_argument("--no-lexicon", action="store_true", help="leave out the opposite_words feature")
    ap.add_argument("--free-signs", action="store_true", help="no sign constraints (PRIOR_SIGNS)")
    ap.add_argument("--drop-xsum-refs", action="store_true", help="leave out FIB's XSum reference summaries")
    ap.add_argument("--news-only", action="store_true", help="fit on SummEdits news + FIB only")
    ap.add_argument("--aggregation", choices=("min", "gmean", "blend"), default="min")
    ap.add_argument("--choice", default="", help="provenance: what was chosen and why")
    ap.add_argument("--target", type=float, default=DEFAULT_TARGET, help="digest precision target")
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--seed-bullets", type=int, default=3, help="cap the digest cut so the seed keeps N bullets (0: no cap)")
    ap.add_argument("--out", default=str(ROOT / "pipeline" / "data" / "weights.json"))
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    columns = [f for f in FEATURES if not (args.no_lexicon and f == "opposite_words")]
    X, y, w, groups, counts = training_set(args.synthetic, columns, args.drop_xsum_refs, args.news_only)
    print(f"train: {len(y)} pairs ({int(y.sum())} supported); {counts}")
    signed = not args.free_signs
    tr_auc = train_cv_auc(X, y, w, groups, columns, args.l2, signed)
    print(f"grouped 5-fold CV inside train (by premise): sentence AUC {tr_auc:.4f}")
    model, columns = fit_model(X, y, w, columns, args.l2, signed)
    print("weights: " + ", ".join(f"{c} {v:+.3f}" for c, v in zip(columns, model.coef)))
    rows = dev_rows()
    score = scorer(model, columns)
    runs = dev_table(rows, score, args.seeds, args.target, args.aggregation)
    print("| scorer | dev CV bal. acc. fold seeds 0..4 | mean | score flags P / R (seed 0) | digest cut precision (pass/sentences) |")
    print("|---|---|---|---|---|")
    print_cv("fitted on train", runs)
    th = shipped_thresholds(rows, score, args.target, args.aggregation)
    print(f"shipped thresholds (picked on all dev): {json.dumps(th)}")
    if args.dry_run:
        return 0
    prov = provenance(args, counts, columns, tr_auc, th, runs, signed, argv is None)
    out = make_weights(model, columns, th, prov, args.aggregation)
    cap = seed_cap(out, args.seed_bullets) if args.seed_bullets else 1.0
    out.digest_threshold = min(th["digest_threshold"], cap)
    p, yv, ok, _ = devcv.sentence_arrays(rows, score)
    passing = (p >= out.digest_threshold) & ok
    rule = f"lowest cut with dev precision >= {args.target} ({th['digest_threshold']:.4f})"
    if args.seed_bullets:
        rule = f"min({rule}, highest cut leaving the seed {args.seed_bullets} bullets ({cap:.4f}))"
    prov["digest"] = {
        "rule": rule,
        "dev_precision_at_cut": round(float((passing & yv).sum() / max(1, passing.sum())), 4),
        "dev_sentences_passing": int(passing.sum()), "dev_sentences": int(len(p)),
    }
    print(f"digest cut: {out.digest_threshold:.4f} ({prov['digest']})")
    Path(args.out).write_text(json.dumps(out.to_json(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
