"""Feature matrices for the train pairs and the dev rows, cached outside the repository.

The cache key hashes the scorer's sources, its feature list and the lexicon, so a change to any of
them recomputes. Nothing from ``../shared`` is written into the repository.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.score import FEATURES, SourceIndex  # noqa: E402

from training.pairs import Pair  # noqa: E402

CACHE = Path(os.environ.get("BRIEFCHECK_LEARN_CACHE", "/tmp/briefcheck-learn-cache"))
SHARED = ROOT.parent / "shared"
TRAIN_DIR = SHARED / "train"
DEV = SHARED / "eval" / "dev.jsonl"


def _key(*parts: str) -> str:
    import inspect

    from pipeline.engines.embedded import score

    h = hashlib.sha256()
    pkg = ROOT / "pipeline"
    for f in ("evidence/lexical.py", "evidence/embed.py", "engines/embedded/cues.py", "engines/embedded/engine.py"):
        h.update((pkg / f).read_bytes())
    for fn in (score.SourceIndex.__init__, score.SourceIndex.score_many, score.SourceIndex._score_one, score._opposed):
        h.update(inspect.getsource(fn).encode())  # the features, not the weights' bookkeeping
    for data in ("opposites.json", "novel_word_risk.json"):
        h.update((ROOT / "pipeline" / "data" / data).read_bytes())
    h.update(repr(FEATURES).encode())
    for p in parts:
        h.update(p.encode())
    return h.hexdigest()[:16]


def _cached(name: str, key: str, build):
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    t0 = time.perf_counter()
    out = build()
    path.write_bytes(pickle.dumps(out))
    print(f"[features] {name}: built in {time.perf_counter() - t0:.0f} s -> {path}", file=sys.stderr)
    return out


def pair_features(pairs: list[Pair], name: str) -> np.ndarray:
    """One feature row per pair (each premise indexed once), rows in the order of ``pairs``."""
    key = _key(name, str(len(pairs)), hashlib.sha256("\n".join(p.sentence for p in pairs).encode()).hexdigest())

    def build():
        by_premise = defaultdict(list)
        for i, p in enumerate(pairs):
            by_premise[p.premise].append(i)
        X = np.zeros((len(pairs), len(FEATURES)))
        for n, (premise, idx) in enumerate(by_premise.items()):
            scored = SourceIndex(premise).score_many([pairs[i].sentence for i in idx])
            for i, s in zip(idx, scored):
                X[i] = [s.features[f] for f in FEATURES]
            if n % 100 == 0:
                print(f"[features] {name}: {n}/{len(by_premise)} premises", file=sys.stderr, flush=True)
        return X

    return _cached(name, key, build)


def dev_rows(path: Path = DEV):
    """``pipeline.evaluate.featurise`` rows of the dev set (features, labels, the engine's verdicts)."""
    from pipeline.engines.embedded.evaluate import featurise
    from pipeline.evaluate import load_records

    records = load_records(path)
    return _cached("dev", _key(str(path), str(len(records))), lambda: featurise(records)[0])
