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
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.checker import check_briefing  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs="+", default=[str(ROOT / "seeds")])
    args = ap.parse_args(argv)
    engine = EmbeddedEngine()
    print("| briefing | claims | flagged | planted | caught | extra flags (verdicts) |")
    print("|---|---|---|---|---|---|")
    totals = [(folder, _table(Path(folder), engine)) for folder in args.seeds]
    print()
    for folder, tot in totals:
        prec = (tot["flagged"] - tot["extra"]) / tot["flagged"] if tot["flagged"] else float("nan")
        print(f"{folder}: {tot['briefings']} briefings, {tot['claims']} claims; planted faults caught: "
              f"{tot['caught']}/{tot['planted']}; other flags: {tot['extra']}; share of flags that are planted "
              f"faults: {prec:.2f}")
    return 0


def _table(folder: Path, engine) -> Counter:
    tot = Counter()
    for path in sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".md")):
        exp_path = path.with_suffix(".expected.json")
        planted = json.loads(exp_path.read_text(encoding="utf-8"))["flags"] if exp_path.exists() else []
        report = check_briefing(parse_file(path), engine)
        flagged = [c for c in report.claims if c.flagged]
        caught, matched = 0, set()
        for want in planted:
            hits = [c for c in flagged if c.section == want["section"] and want["contains"] in c.text]
            matched.update(c.id for c in hits)
            caught += any(c.verdict == want["verdict"] for c in hits)
        extra = [c for c in flagged if c.id not in matched]
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(Counter(c.verdict for c in extra).items())) or "-"
        print(f"| {folder.name}/{path.name} | {len(report.claims)} | {len(flagged)} | {len(planted)} | {caught} | {len(extra)} ({kinds}) |")
        tot.update(briefings=1, claims=len(report.claims), flagged=len(flagged), planted=len(planted), caught=caught,
                   extra=len(extra))
    return tot


if __name__ == "__main__":
    sys.exit(main())
