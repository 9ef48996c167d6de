"""Each rule of the embedded engine measured on ../shared/train/'s sentence pairs: how many
verdicts it decides and how many of those the data labels inconsistent, beside the base rate.

    python benchmarks/rules_on_train.py [--limit N]

Train is ~11,000 sentence pairs (training/pairs.py: summaries of SummEdits and FIB split into
sentences; Falke left out), so a rule that fires a few times on dev's 1,598 sentences is counted
on a sample large enough to tell its precision from the base rate. Nothing is fitted here.
To measure a rule before it ships, put it in RULES and run this.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.engines.embedded.rules import RULES  # noqa: E402
from pipeline.engines.embedded.score import SourceIndex  # noqa: E402
from training.features import TRAIN_DIR  # noqa: E402
from training.pairs import load_train, sentence_pairs  # noqa: E402


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if not n:
        return float("nan"), float("nan")
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return c - h, c + h


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N premises")
    args = ap.parse_args(argv)
    engine = EmbeddedEngine()
    by_premise = defaultdict(list)
    for p in sentence_pairs(load_train(TRAIN_DIR)):
        by_premise[p.premise].append(p)
    premises = list(by_premise)[: args.limit or None]
    decided, wrong, n, unsupported = Counter(), Counter(), 0, 0
    for premise in premises:
        idx = SourceIndex(premise)
        pairs = by_premise[premise]
        texts = [p.sentence for p in pairs]
        for p, v in zip(pairs, engine.judge_scored(idx, texts, idx.score_many(texts))):
            n += 1
            unsupported += not p.supported
            if v.rule:
                decided[v.rule] += 1
                wrong[v.rule] += not p.supported
    print(f"train sentence pairs: {n} from {len(premises)} premises; base rate inconsistent {unsupported / n:.3f}")
    print("| rule | decided | labelled inconsistent | precision | 95% interval |")
    print("|---|---|---|---|---|")
    for r in RULES:
        k, m = wrong[r.name], decided[r.name]
        lo, hi = wilson(k, m)
        prec = f"{k / m:.3f}" if m else "-"
        span = f"{lo:.2f}-{hi:.2f}" if m else "-"
        print(f"| `{r.name}` | {m} | {k} | {prec} | {span} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
