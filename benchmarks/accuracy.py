"""Accuracy table for the embedded checker, both methods under grouped 5-fold CV by article.

    python benchmarks/accuracy.py [--data ../shared/eval/dev.jsonl] [--cv 5] [--limit N]

Rows: the word-overlap baseline (min over summary sentences of the share of content words
found in the source) and the embedded scorer; each threshold (and the scorer's weights) is
fitted on 4 folds and tested on the held-out fold, folds grouped by source article.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import evaluate, load_records  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    res = evaluate(load_records(args.data), cv=args.cv, limit=args.limit)
    print(f"{res['split']}, n={res['n']}")
    print(f"| method | balanced acc. | recall consistent | recall inconsistent | s/record |")
    print(f"|---|---|---|---|---|")
    print(f"| word-overlap baseline | {res['baseline_balanced_accuracy']:.3f} | "
          f"{res['baseline_recall']['consistent']:.3f} | {res['baseline_recall']['inconsistent']:.3f} | ~0 |")
    print(f"| embedded scorer (WordLlama + lexical, min over sentences) | {res['balanced_accuracy']:.3f} | "
          f"{res['recall']['consistent']:.3f} | {res['recall']['inconsistent']:.3f} | "
          f"{res['seconds_per_record']:.4f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
