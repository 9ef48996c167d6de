"""Why the embedded engine misses paraphrased contradictions: what its lexicon and its score see of
the planted ones it does not flag, on the labelled briefing sets.

    python benchmarks/paraphrases.py [--sets DIR [DIR ...]]

For each planted fault marked ``"paraphrase": true`` that no rule flags: whether any content word
of the claim that the story lacks has a WordNet opposite the story has (what ``opposite_word``
could use, before any alignment), and its support score beside the scores of the unflagged claims
no fault was planted in (AUC, and how many of each fall under a few cuts: what flagging by score
alone would add to the review queue). Nothing is fitted here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.labelled import SETS, faults_of, matches, source_text  # noqa: E402
from pipeline.checker import check_briefing  # noqa: E402
from pipeline.engines.embedded import lexicon  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.evidence.lexical import analyse  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402
from training.fit_weights import auc  # noqa: E402

CUTS = (0.2, 0.3, 0.4)


def collect(folders: list[str]) -> tuple[int, int, list[float], list[float]]:
    """(paraphrased faults, missed ones with an opposite pair, missed scores, clean unflagged scores)."""
    engine, total, with_pair, missed, clean = EmbeddedEngine(), 0, 0, [], []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            faults = faults_of(path)
            report = check_briefing(parse_file(path), engine)
            story = set(analyse(source_text(report.briefing)).lemmas)
            total += sum(bool(f.get("paraphrase")) for f in faults)
            for c in (c for c in report.claims if not c.flagged):
                hit = [f for f in faults if matches(f, c)]
                if not hit:
                    clean.append(c.score)
                elif hit[0].get("paraphrase"):
                    missed.append(c.score)
                    added = set(analyse(c.text).content) - story
                    with_pair += any(o in story for w in added for o in lexicon.opposites(w))
    return total, with_pair, missed, clean


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=SETS, help="folders of briefings with .expected.json")
    args = ap.parse_args(argv)
    total, with_pair, missed, clean = collect(args.sets)
    m, c = np.array(missed), np.array(clean)
    print(f"paraphrased contradictions: {total}; not flagged: {len(m)}; of those, with a WordNet opposite "
          f"pair between a word the claim adds and a word of the story: {with_pair}")
    print(f"support score, missed paraphrases: median {np.median(m):.3f}; unflagged clean claims ({len(c)}): "
          f"median {np.median(c):.3f}; AUC clean over missed {auc(np.r_[np.zeros(len(m)), np.ones(len(c))], np.r_[m, c]):.3f}")
    print("| cut | missed paraphrases below | clean claims below |")
    print("|---|---|---|")
    for cut in CUTS:
        print(f"| {cut} | {(m < cut).sum()} | {(c < cut).sum()} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
