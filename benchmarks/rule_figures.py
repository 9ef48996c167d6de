"""Per rule of the embedded engine's table, on briefing folders with planted faults: how many flags
it decided, how many of those were a planted fault (a flagged claim containing the fault's text),
and how many were other flags. Run over the blind sets to see which rules earn their place:

    python benchmarks/rule_figures.py seeds benchmarks/briefings/{a,b,c,d,e,f,g,h,i,j,k,l,m}

`--json` prints the counts as one object (rule -> {flags, planted, other}).
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
from pipeline.engines.embedded.rules import RULES  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402


def rule_counts(folders: list[str]) -> dict[str, Counter]:
    engine, out = EmbeddedEngine(), {r.name: Counter() for r in RULES}
    for folder in folders:
        for path in sorted(p for p in Path(folder).iterdir() if p.suffix in (".txt", ".md")):
            exp = path.with_suffix(".expected.json")
            planted = json.loads(exp.read_text(encoding="utf-8"))["flags"] if exp.exists() else []
            for c in check_briefing(parse_file(path), engine).claims:
                if not c.flagged or c.rule is None:
                    continue
                hit = any(w["section"] == c.section and w["contains"] in c.text for w in planted)
                out[c.rule].update(flags=1, planted=int(hit), other=int(not hit))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    args = ap.parse_args(argv)
    counts = rule_counts(args.folders)
    if args.json:
        print(json.dumps({k: dict(v) for k, v in counts.items()}))
        return 0
    print("| rule | flags | planted faults | other flags |")
    print("|---|---|---|---|")
    for name, c in counts.items():
        print(f"| `{name}` | {c['flags']} | {c['planted']} | {c['other']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
