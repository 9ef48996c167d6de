"""Summary-level grouped CV inside train: the only evidence used to choose between fit variants.

    python training/traincv.py [--k 5] [--json out.json]

Folds are grouped by premise (``fit.grouped_folds`` over ``fit.source_group``, seed 0). For each
fold a variant's sentence model is fitted on the other folds' pairs (+ synthetic pairs of those
premises) and scores every sentence of the held-out summaries; a summary's score aggregates its
sentence probabilities (``score.aggregate``). Scored: the news part of train (SummEdits news and
FIB), where dev's domain is, with FIB's XSum references left out of the scoring for every
variant, because their labels are what variant (a) questions. Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.fit import balanced_accuracy, best_threshold, grouped_folds, source_group  # noqa: E402
from pipeline.engines.embedded.score import FEATURES, aggregate  # noqa: E402

from training.features import TRAIN_DIR, pair_features  # noqa: E402
from training.fit_weights import auc, fit_model  # noqa: E402
from training.pairs import (NEWS_DOMAINS, Pair, _split, is_xsum_reference, load_train,  # noqa: E402
                            select_records, sentence_pairs, synthetic_pairs)

# name -> (drop_xsum_refs, news_only, aggregation); B is the shipped fit. Written down before dev.
VARIANTS = {
    "B (shipped)": (False, False, "min"),
    "a: no XSum references": (True, False, "min"),
    "b: gmean": (False, False, "gmean"),
    "b: blend": (False, False, "blend"),
    "c: news only": (False, True, "min"),
}


def fold_of(premises: list[str], k: int) -> dict[str, int]:
    """Fold of each premise; the same premise lands in the same fold whatever list it is in."""
    uniq = sorted(set(premises))
    out = {}
    for f, idx in enumerate(grouped_folds([source_group(p) for p in uniq], k)):
        out.update({uniq[i]: f for i in idx})
    return out


def scored_summaries(records: list[dict]):
    """The held-out summaries (news, no XSum references): (record premises, labels, sentence
    feature rows, record index of each row)."""
    keep = [r for r in records if r.get("domain") in NEWS_DOMAINS and not is_xsum_reference(r)]
    sents = [(i, s) for i, r in enumerate(keep) for s in _split(r["hypothesis"]) if s.strip()]
    pairs = [Pair(keep[i]["premise"], s, False, "summary", keep[i]["source"]) for i, s in sents]
    X = pair_features(pairs, "train-summaries")
    y = np.array([r["label"] == "consistent" for r in keep])
    return [r["premise"] for r in keep], y, X, np.array([i for i, _ in sents])


def variant_set(records: list[dict], drop: bool, news: bool):
    """(X, y, premises) of a variant's sentence pairs + synthetic pairs (weight 1, as shipped)."""
    pairs = sentence_pairs(select_records(records, drop, news))
    syn = synthetic_pairs(pairs)
    tag = f"{'-noref' if drop else ''}{'-news' if news else ''}"
    X = np.vstack([pair_features(pairs, "train" + tag), pair_features(syn, "synthetic" + tag)])
    y = np.array([p.supported for p in pairs + syn])
    return X, y, [p.premise for p in pairs + syn]


def cv_variant(train, held, agg: str, k: int) -> dict:
    """Out-of-fold summary AUC and balanced accuracy (threshold picked on the training folds'
    summaries, in-sample), and out-of-fold sentence AUC on the held-out summaries' known sentences."""
    X, y, prem = train
    h_prem, h_y, h_X, h_ix = held
    folds = fold_of(prem + h_prem, k)
    f_train = np.array([folds[p] for p in prem])
    f_held = np.array([folds[p] for p in h_prem])
    cols = list(FEATURES)
    oof = np.zeros(len(h_y))
    pred = np.zeros(len(h_y), dtype=bool)
    for f in range(k):
        model, kept = fit_model(X[f_train != f], y[f_train != f], np.ones(int((f_train != f).sum())), cols, 1.0, True)
        p = model.predict(h_X[:, [cols.index(c) for c in kept]])
        s = np.array([aggregate(p[h_ix == i], agg) for i in range(len(h_y))])
        t = best_threshold(s[f_held != f], h_y[f_held != f])
        oof[f_held == f] = s[f_held == f]
        pred[f_held == f] = s[f_held == f] >= t
    return {"summary_auc": round(auc(h_y, oof), 4), "summary_balanced_accuracy": round(balanced_accuracy(h_y, pred), 4),
            "summaries": int(len(h_y)), "consistent": int(h_y.sum())}


def sentence_auc(train, held_pairs: list[Pair], Xh: np.ndarray, k: int) -> float:
    """Out-of-fold AUC on held-out labelled sentence pairs (news, no XSum references)."""
    X, y, prem = train
    folds = fold_of(prem + [p.premise for p in held_pairs], k)
    f_train = np.array([folds[p] for p in prem])
    f_held = np.array([folds[p.premise] for p in held_pairs])
    cols, oof = list(FEATURES), np.zeros(len(held_pairs))
    for f in range(k):
        model, kept = fit_model(X[f_train != f], y[f_train != f], np.ones(int((f_train != f).sum())), cols, 1.0, True)
        oof[f_held == f] = model.predict(Xh[f_held == f][:, [cols.index(c) for c in kept]])
    return round(auc(np.array([p.supported for p in held_pairs]), oof), 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--json", default="")
    args = ap.parse_args(argv)
    records = load_train(TRAIN_DIR)
    held = scored_summaries(records)
    held_pairs = sentence_pairs(select_records(records, True, True))
    Xh = pair_features(held_pairs, "train-noref-news")
    sets, sent, out = {}, {}, {}
    print("| variant | summary AUC (oof) | summary bal. acc. (oof) | sentence AUC (oof) |")
    print("|---|---|---|---|")
    for name, (drop, news, agg) in VARIANTS.items():
        if (drop, news) not in sets:  # the aggregations share one sentence model
            sets[(drop, news)] = variant_set(records, drop, news)
            sent[(drop, news)] = sentence_auc(sets[(drop, news)], held_pairs, Xh, args.k)
        res = cv_variant(sets[(drop, news)], held, agg, args.k)
        res["sentence_auc"] = sent[(drop, news)]
        out[name] = res
        print(f"| {name} | {res['summary_auc']:.4f} | {res['summary_balanced_accuracy']:.4f} | "
              f"{res['sentence_auc']:.4f} |", flush=True)
    print(f"scored: {out['B (shipped)']['summaries']} news summaries of train "
          f"({out['B (shipped)']['consistent']} consistent), FIB XSum references left out")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
