"""Refit the embedded scorer on the labelled data and write pipeline/data/weights.json.

    python benchmarks/fit_weights.py [--data ../shared/eval/dev.jsonl] [--cv 5] [--dry-run]

Prints the grouped K-fold CV table (folds grouped by source article, so no article is
tested on weights fitted on it), then fits on ALL records and writes the shipped weights
with the CV figures in their provenance.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.evaluate import evaluate, fit_weights  # noqa: E402
from pipeline.evaluate import load_records  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "pipeline" / "data" / "weights.json"))
    ap.add_argument("--dry-run", action="store_true", help="print the CV table, write nothing")
    args = ap.parse_args(argv)

    records = load_records(args.data)
    res = evaluate(records, cv=args.cv)
    print(f"{'method':<28} {'bal.acc':>8} {'rec.cons':>9} {'rec.inc':>8}   ({res['split']}, n={res['n']})")
    print(f"{'word-overlap baseline':<28} {res['baseline_balanced_accuracy']:>8.3f} "
          f"{res['baseline_recall']['consistent']:>9.3f} {res['baseline_recall']['inconsistent']:>8.3f}")
    print(f"{'embedded scorer (min agg.)':<28} {res['balanced_accuracy']:>8.3f} "
          f"{res['recall']['consistent']:>9.3f} {res['recall']['inconsistent']:>8.3f}")
    print(f"fold thresholds: {res['fold_thresholds']}; {res['seconds_per_record']:.4f} s/record")
    sc = res["sentence"]["claim"]
    print(f"sentence level at claim threshold (folds {res['fold_claim_thresholds']}): bal.acc "
          f"{sc['balanced_accuracy']:.3f}, flagged precision {sc['flagged_precision']:.3f}, "
          f"recall {sc['flagged_recall']:.3f} (n={sc['n']}, {sc['unsupported']} unsupported)")
    if args.dry_run:
        return 0

    w = fit_weights(records)
    w.provenance = {
        "fitted_on": f"{Path(args.data).name} ({len(records)} records, all of them)",
        "date": datetime.date.today().isoformat(),
        "command": "python benchmarks/fit_weights.py --data ../shared/eval/dev.jsonl --cv 5",
        "model": "L2 logistic regression (l2=1, standardised features) on labelled summary "
                 "sentences; summary score = min sentence probability; threshold maximises "
                 "balanced accuracy on the fitting data; claim_threshold (reference only; the engine judges single claims at threshold) maximises "
                 "sentence-level balanced accuracy on out-of-fold sentence probabilities (grouped "
                 "5-fold by article) on the annotated sentence_labels",
        "cv": {
            "split": res["split"],
            "n": res["n"],
            "balanced_accuracy": res["balanced_accuracy"],
            "recall": res["recall"],
            "baseline_balanced_accuracy": res["baseline_balanced_accuracy"],
            "baseline_recall": res["baseline_recall"],
            "fold_thresholds": res["fold_thresholds"],
            "fold_claim_thresholds": res["fold_claim_thresholds"],
            "sentence_level_at_claim_threshold": res["sentence"]["claim"],
            "sentence_level_at_summary_threshold": res["sentence"]["summary_threshold"],
        },
    }
    out = Path(args.out)
    if out.exists():  # keep earlier provenance notes (e.g. fold-seed figures) this run does not redo
        old = json.loads(out.read_text(encoding="utf-8")).get("provenance", {})
        w.provenance.update({k: v for k, v in old.items() if k not in w.provenance})
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(w.to_json(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (threshold {w.threshold:.4f}, claim threshold {w.claim_threshold:.4f}, "
          f"baseline threshold {w.baseline_threshold:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
