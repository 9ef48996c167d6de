"""Accuracy table for the embedded checker, both methods under grouped 5-fold CV by article.

    python benchmarks/accuracy.py [--data ../shared/eval/dev.jsonl] [--cv 5] [--limit N] [--seeds S]

Rows: the word-overlap baseline (min over summary sentences of the share of content words
found in the source) and the embedded scorer; each threshold (and the scorer's weights) is
fitted on 4 folds and tested on the held-out fold, folds grouped by source article.
The table is for the default split (fold seed 0); ``--seeds S`` also prints the balanced
accuracy on fold seeds 0..S-1 and their mean, to show how much the figure depends on the split.
A second table gives sentence-level figures on the annotated sentence_labels at the claim
threshold (a reference figure) and at the summary threshold (the cut the engine uses for single claims).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.evaluate import evaluate  # noqa: E402
from pipeline.evaluate import load_records  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--seeds", type=int, default=1, help="also report fold seeds 0..S-1 and their mean")
    args = ap.parse_args(argv)
    res = evaluate(load_records(args.data), cv=args.cv, limit=args.limit)
    print(f"{res['split']}, n={res['n']}")
    print("| method | balanced acc. | recall consistent | recall inconsistent | s/record |")
    print("|---|---|---|---|---|")
    print(f"| word-overlap baseline | {res['baseline_balanced_accuracy']:.3f} | "
          f"{res['baseline_recall']['consistent']:.3f} | {res['baseline_recall']['inconsistent']:.3f} | ~0 |")
    print(f"| embedded scorer (WordLlama + lexical, min over sentences) | {res['balanced_accuracy']:.3f} | "
          f"{res['recall']['consistent']:.3f} | {res['recall']['inconsistent']:.3f} | "
          f"{res['seconds_per_record']:.4f} |")
    sc, ss = res["sentence"]["claim"], res["sentence"]["summary_threshold"]
    print(f"\nsentence level (annotated sentence_labels, n={sc['n']}, {sc['unsupported']} unsupported; "
          f"out-of-fold probabilities; flagged = below the threshold)")
    print("| threshold | value (mean of folds) | balanced acc. | precision flagged | recall flagged |")
    print("|---|---|---|---|---|")
    print(f"| claim_threshold (fitted on out-of-fold sentences of the training folds) | {res['claim_threshold']:.3f} | "
          f"{sc['balanced_accuracy']:.3f} | {sc['flagged_precision']:.3f} | {sc['flagged_recall']:.3f} |")
    print(f"| summary threshold (min over sentences) | {res['threshold']:.3f} | "
          f"{ss['balanced_accuracy']:.3f} | {ss['flagged_precision']:.3f} | {ss['flagged_recall']:.3f} |")
    if args.seeds > 1:
        records = load_records(args.data)
        runs = [res] + [evaluate(records, cv=args.cv, limit=args.limit, fold_seed=s) for s in range(1, args.seeds)]
        acc = [r["balanced_accuracy"] for r in runs]
        base = [r["baseline_balanced_accuracy"] for r in runs]
        sent = [r["sentence"]["claim"]["balanced_accuracy"] for r in runs]
        print(f"fold seeds 0..{args.seeds - 1}: scorer {acc} mean {sum(acc) / len(acc):.3f}; "
              f"baseline {base} mean {sum(base) / len(base):.3f}; "
              f"sentence level at claim_threshold {sent} mean {sum(sent) / len(sent):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
