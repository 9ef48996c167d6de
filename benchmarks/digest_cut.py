"""The digest cut: how many bullets the digests keep and how many planted faults reach them, per
cut on the final score, on the seeds and the blind briefing sets; and on dev's annotated
sentences (if ../shared/eval/dev.jsonl is there) the precision of what passes.

    python benchmarks/digest_cut.py [--cuts 0.6 0.7 0.8] [--sets seeds benchmarks/briefings/*]

The shipped cut (``digest_threshold`` in pipeline/data/weights.json) is always in the table.
A planted fault "reaches the digest" when a bullet contains its text. Bullets here are the
confirmed claims only: the story lines that complete a short digest (``Digest.from_story``) do not
depend on the cut and are counted by benchmarks/seed_flags.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.checker import check_briefing  # noqa: E402
from pipeline.digest import digest  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.engines.embedded.score import load_weights  # noqa: E402
from pipeline.models import Usage  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402

DEFAULT_SETS = [str(ROOT / "seeds")] + sorted(str(p) for p in (ROOT / "benchmarks" / "briefings").iterdir() if p.is_dir())


def reports(sets: list[str], engine) -> list[tuple[str, object, list[dict]]]:
    out = []
    for folder in sets:
        for path in sorted(p for p in Path(folder).iterdir() if p.suffix in (".txt", ".md")):
            exp = path.with_suffix(".expected.json")
            planted = json.loads(exp.read_text(encoding="utf-8")).get("flags", []) if exp.exists() else []
            out.append((f"{Path(folder).name}/{path.name}", check_briefing(parse_file(path), engine), planted))
    return out


def digest_at(report, engine, cut: float):
    w = load_weights()
    old, w.digest_threshold = w.digest_threshold, cut
    try:
        return digest(report.briefing, report.claims, engine, Usage())
    finally:
        w.digest_threshold = old


def briefing_row(reps, engine, cut: float) -> dict:
    bullets, leaked, seed_bullets = [], 0, None
    for name, rep, planted in reps:
        d = digest_at(rep, engine, cut)
        bullets.append(len(d.bullets))
        leaked += sum(any(p["contains"] in b for b in d.bullets) for p in planted)
        if name.startswith("seeds/000_"):
            seed_bullets = len(d.bullets)
    b = np.array(bullets)
    return {"briefings": len(b), "mean_bullets": round(float(b.mean()), 2), "share_3plus": round(float((b >= 3).mean()), 3),
            "empty": int((b == 0).sum()), "planted_in_digest": leaked, "seed_bullets": seed_bullets}


def dev_row(cut: float) -> dict | None:
    try:
        from training import devcv
        from training.features import DEV, dev_rows
    except ImportError:
        return None
    if not DEV.exists():
        return None
    w = load_weights()
    cols = [__import__("pipeline.engines.embedded.score", fromlist=["FEATURES"]).FEATURES.index(f) for f in w.features]
    p, y, ok, _ = devcv.sentence_arrays(dev_rows(), lambda F: _probs(w, np.asarray(F)[:, cols]))
    passing = (p >= cut) & ok
    return {"dev_precision": round(float((passing & y).sum() / max(1, passing.sum())), 4),
            "dev_passing": int(passing.sum()), "dev_sentences": int(len(p))}


def _probs(w, X: np.ndarray) -> np.ndarray:
    z = ((X - np.array(w.mean)) / np.array(w.scale)) @ np.array(w.coef) + w.intercept
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cuts", type=float, nargs="*", default=[0.0, 0.6, 0.7, 0.75, 0.85])
    ap.add_argument("--sets", nargs="+", default=DEFAULT_SETS)
    args = ap.parse_args(argv)
    engine = EmbeddedEngine()
    shipped = load_weights().digest_threshold
    cuts = sorted(set(args.cuts) | {round(shipped, 4)})
    reps = reports(args.sets, engine)
    print(f"shipped digest_threshold {shipped:.4f}; {len(reps)} briefings from {len(args.sets)} folders")
    print("| cut | dev precision of what passes (in sample) | dev sentences passing | briefings | mean bullets | "
          "share with >= 3 bullets | empty digests | planted faults in digest | seed bullets |")
    print("|---|---|---|---|---|---|---|---|---|")
    for cut in cuts:
        r, d = briefing_row(reps, engine, cut), dev_row(cut) or {}
        mark = " (shipped)" if abs(cut - shipped) < 1e-4 else ""
        print(f"| {cut:.4f}{mark} | {d.get('dev_precision', '-')} | {d.get('dev_passing', '-')}/{d.get('dev_sentences', '-')} | "
              f"{r['briefings']} | {r['mean_bullets']} | {r['share_3plus']} | {r['empty']} | {r['planted_in_digest']} | "
              f"{r['seed_bullets']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
