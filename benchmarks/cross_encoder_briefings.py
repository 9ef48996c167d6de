"""Could the cross-encoder of training/train_cross_encoder.py flag paraphrased contradictions in
briefings within the review queue's budget? (an experiment; nothing here is shipped)

    python benchmarks/cross_encoder_briefings.py [--model /tmp/ce-model] [--sets DIR [DIR ...]]

Scores every claim of the labelled briefing sets that mark paraphrases (N onwards) with the saved
model against its 3 most overlapping sentences of headline + story (as the model was trained), and
prints the AUC of P(supported) for the claims no fault was planted in over the planted paraphrased
contradictions, then, at cuts that would put 1%, 2% and 4% of the clean claims in the review
queue (the issue allows one other flag per 25 claims in all, rules' flags included), how many of
the paraphrases fall under the cut. Needs the packages named in training/train_cross_encoder.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cross_encoder import premise  # noqa: E402
from benchmarks.labelled import SETS, faults_of, matches, source_text  # noqa: E402
from pipeline.extract import extract  # noqa: E402
from pipeline.models import Usage  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402
from training.fit_weights import auc  # noqa: E402

PARAPHRASE_SETS = [s for s in SETS if any(f.get("paraphrase") for p in Path(s).glob("*.txt") for f in faults_of(p))]
SHARES = (0.01, 0.02, 0.04)


def claims_of(folders: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(claim texts, premises, kind: "para", "fault" or "clean") over the briefings."""
    from pipeline.engines.embedded.engine import EmbeddedEngine

    engine, texts, prems, kinds = EmbeddedEngine(), [], [], []
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            faults = faults_of(path)
            b = parse_file(path)
            source = source_text(b)
            for c in extract(b, engine, Usage()):
                hit = [f for f in faults if matches(f, c)]
                texts.append(c.text)
                prems.append(premise(source, c.text))
                kinds.append("clean" if not hit else "para" if hit[0].get("paraphrase") else "fault")
    return texts, prems, kinds


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="/tmp/ce-model")
    ap.add_argument("--sets", nargs="+", default=PARAPHRASE_SETS)
    ap.add_argument("--max-len", type=int, default=128)
    args = ap.parse_args(argv)
    import torch
    from transformers import AutoModelForSequenceClassification

    from training.train_cross_encoder import Encoder, model_logits

    torch.set_num_threads(2)
    model = AutoModelForSequenceClassification.from_pretrained(args.model)
    texts, prems, kinds = claims_of(args.sets)
    z, secs = model_logits(model, Encoder(args.model, args.max_len), texts, prems)
    kinds = np.array(kinds)
    para, clean = z[kinds == "para"], z[kinds == "clean"]
    print(f"{len(args.sets)} sets, {len(z)} claims ({len(clean)} clean, {len(para)} paraphrased contradictions), "
          f"{1000 * secs / len(z):.1f} ms a claim")
    print(f"AUC, clean over paraphrased: {auc(np.r_[np.zeros(len(para)), np.ones(len(clean))], np.r_[para, clean]):.3f}")
    print("| clean claims flagged | cut (logit) | paraphrased contradictions under it |")
    print("|---|---|---|")
    for share in SHARES:
        cut = float(np.quantile(clean, share))
        print(f"| {share:.0%} | {cut:+.2f} | {(para < cut).sum()}/{len(para)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
