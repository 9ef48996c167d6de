"""Flags on the seed briefings: how many planted faults are caught and how many other
claims are flagged (the review queue's noise), per briefing, embedded engine.

    python benchmarks/seed_flags.py [--seeds DIR [DIR ...]]

    python benchmarks/seed_flags.py --seeds benchmarks/briefings/a benchmarks/briefings/b \
        benchmarks/briefings/c benchmarks/briefings/d benchmarks/briefings/e benchmarks/briefings/f  # written blind

A planted fault is an entry of `flags` in the briefing's .expected.json; it counts as caught
when a claim containing it is flagged with the expected verdict. Every other flagged claim
counts as an extra flag (whether a reader would call it a false positive is for them to say:
the table shows the verdicts).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.labelled import faults_of, matches  # noqa: E402
from pipeline.checker import check_briefing  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs="+", default=[str(ROOT / "seeds")])
    args = ap.parse_args(argv)
    engine = EmbeddedEngine()
    print("| briefing | claims | flagged | planted | caught | flagged any verdict | in digest | digest: claims + story lines "
          "| extra flags (verdicts) |")
    print("|---|---|---|---|---|---|---|---|---|")
    totals = [(folder, _table(Path(folder), engine)) for folder in args.seeds]
    print()
    for folder, tot in totals:
        prec = (tot["flagged"] - tot["extra"]) / tot["flagged"] if tot["flagged"] else float("nan")
        print(f"{folder}: {tot['briefings']} briefings, {tot['claims']} claims; planted faults caught: "
              f"{tot['caught']}/{tot['planted']} (flagged with any verdict {tot['flagged_any']}); other flags: "
              f"{tot['extra']}; share of flags that are planted faults: {prec:.2f}; planted faults in the digest: "
              f"{tot['in_digest']}; paraphrased contradictions flagged: {tot['para_flagged']}/{tot['para']}; "
              f"digests with >= 3 bullets: {tot['three']}/{tot['briefings']} (clean briefings: "
              f"{tot['clean_three']}/{tot['clean']}); mean digest items {tot['bullets'] / max(1, tot['briefings']):.2f} "
              f"(confirmed claims {tot['confirmed'] / max(1, tot['briefings']):.2f}, the rest story lines)")
    return 0


def _row(path: Path, engine) -> Counter:
    planted = faults_of(path)
    report = check_briefing(parse_file(path), engine)
    flagged = [c for c in report.claims if c.flagged]
    confirmed, quoted = report.digest.bullets, report.digest.from_story
    bullets = confirmed + quoted  # what the reader sees
    row, matched = Counter(), set()
    for want in planted:
        hits = [c for c in flagged if matches(want, c)]
        matched.update(c.id for c in hits)
        row.update(caught=any(c.verdict == want["verdict"] for c in hits), flagged_any=bool(hits),
                   in_digest=any(want["contains"] in b for b in bullets),
                   para=bool(want.get("paraphrase")), para_flagged=bool(want.get("paraphrase") and hits))
    extra = [c for c in flagged if c.id not in matched]
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(c.verdict for c in extra).items())) or "-"
    print(f"| {path.parent.name}/{path.name} | {len(report.claims)} | {len(flagged)} | {len(planted)} | "
          f"{row['caught']} | {row['flagged_any']} | {row['in_digest']} | {len(confirmed)} + {len(quoted)} | {len(extra)} ({kinds}) |")
    row.update(briefings=1, claims=len(report.claims), flagged=len(flagged), planted=len(planted), extra=len(extra),
               bullets=len(bullets), confirmed=len(confirmed), three=len(bullets) >= 3, clean=not planted,
               clean_three=not planted and len(bullets) >= 3)
    return row


def _table(folder: Path, engine) -> Counter:
    tot = Counter()
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md")):
        tot.update(_row(path, engine))
    return tot


if __name__ == "__main__":
    sys.exit(main())
