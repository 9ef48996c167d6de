"""What the WordNet lexicon (pipeline/data/opposites.json) catches against the hand-written
opposites of cues.py, swapped in by replacing ``cues._OPPOSITE`` (no change to cues.py).

    python benchmarks/lexicon_catch.py [--dev ../shared/eval/dev.jsonl] [--sets seeds benchmarks/briefings/*]

Variants: ``hand`` (today: cues._ANTONYMS + movement words), ``wordnet`` (the lexicon + the same
movement words, the hand pairs gone), ``union`` (both). For each: on dev's annotated sentences
(each checked as a summary claim against its article) how many are judged contradicted and how
many of those the annotators marked unsupported, and how many fire the antonym cue; on the
briefing sets, planted faults caught with their verdict, planted contradictions caught, other flags.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.checker import check_briefing  # noqa: E402
from pipeline.engines.embedded import cues, lexicon  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.engines.embedded.score import SourceIndex  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SETS = [str(ROOT / "seeds")] + sorted(str(p) for p in (ROOT / "benchmarks" / "briefings").iterdir() if p.is_dir())


def variants() -> dict[str, dict[str, set[str]]]:
    hand = {k: set(v) for k, v in cues._OPPOSITE.items()}
    moves: dict[str, set[str]] = {}
    for a in cues._MOVES_UP:
        for b in cues._MOVES_DOWN:
            moves.setdefault(a, set()).add(b)
            moves.setdefault(b, set()).add(a)
    wordnet = lexicon.table()
    for k, v in moves.items():
        wordnet.setdefault(k, set()).update(v)
    union = {k: set(v) for k, v in wordnet.items()}
    for k, v in hand.items():
        union.setdefault(k, set()).update(v)
    return {"hand": hand, "wordnet": wordnet, "union": union}


def dev_items(path: Path):
    """(index, sentences, scored, supported labels) per dev record with annotated sentences."""
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    cache: dict[str, SourceIndex] = {}
    out = []
    for r in recs:
        lab = r.get("sentence_labels") or []
        if not lab:
            continue
        idx = cache.setdefault(r["source"], SourceIndex(r["source"]))
        sents = [s["sentence"] for s in lab]
        out.append((idx, sents, idx.score_many(sents), [s["label"] == "supported" for s in lab]))
    return out


def dev_row(items, engine) -> dict:
    n = contra = contra_bad = fired = fired_bad = 0
    for idx, sents, scored, ys in items:
        for s, sc, v, ok in zip(sents, scored, engine.judge_scored(idx, sents, scored), ys):
            n += 1
            if v.label == "contradicted":
                contra += 1
                contra_bad += not ok
            if cues.antonym_flip(s, sc.evidence.text):
                fired += 1
                fired_bad += not ok
    return {"sentences": n, "contradicted": contra, "contradicted_unsupported": contra_bad,
            "antonym_cue": fired, "antonym_cue_unsupported": fired_bad}


def sets_row(sets: list[str], engine) -> Counter:
    tot = Counter()
    for folder in sets:
        for path in sorted(p for p in Path(folder).iterdir() if p.suffix in (".txt", ".md")):
            exp = path.with_suffix(".expected.json")
            planted = json.loads(exp.read_text(encoding="utf-8")).get("flags", []) if exp.exists() else []
            report = check_briefing(parse_file(path), engine)
            flagged = [c for c in report.claims if c.flagged]
            matched = set()
            for want in planted:
                hits = [c for c in flagged if c.section == want["section"] and want["contains"] in c.text]
                matched.update(c.id for c in hits)
                caught = any(c.verdict == want["verdict"] for c in hits)
                tot.update(planted=1, caught=caught)
                if want["verdict"] == "contradicted":
                    tot.update(planted_contra=1, caught_contra=caught)
            tot.update(claims=len(report.claims), extra=len([c for c in flagged if c.id not in matched]))
    return tot


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default=str(DEV))
    ap.add_argument("--sets", nargs="+", default=SETS)
    args = ap.parse_args(argv)
    engine = EmbeddedEngine()
    saved = cues._OPPOSITE
    items = dev_items(Path(args.dev)) if Path(args.dev).exists() else []
    print(f"lexicon: {lexicon.provenance()['keys']} keys, {lexicon.provenance()['pairs']} pairs; "
          f"hand list: {len(saved)} keys")
    print("| opposites | keys | dev contradicted (annotated unsupported) | dev antonym cue fires (unsupported) | "
          "briefings: planted caught | planted contradictions caught | other flags / claims |")
    print("|---|---|---|---|---|---|---|")
    try:
        for name, table in variants().items():
            cues._OPPOSITE = table
            d = dev_row(items, engine) if items else {}
            s = sets_row(args.sets, engine)
            print(f"| {name} | {len(table)} | {d.get('contradicted', '-')} ({d.get('contradicted_unsupported', '-')}) | "
                  f"{d.get('antonym_cue', '-')} ({d.get('antonym_cue_unsupported', '-')}) | {s['caught']}/{s['planted']} | "
                  f"{s['caught_contra']}/{s['planted_contra']} | {s['extra']}/{s['claims']} |", flush=True)
    finally:
        cues._OPPOSITE = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
