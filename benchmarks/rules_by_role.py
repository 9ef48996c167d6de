"""Each rule of the embedded engine measured per section role on the labelled briefing sets: how
many claims it flags and how many of those are planted faults, beside the role's base rate.

    python benchmarks/rules_by_role.py [--sets DIR [DIR ...]] [--as-shipped]

Train (benchmarks/rules_on_train.py) holds only summaries, so it cannot say how a rule does on
analysis sections, which may infer and speculate. The briefing sets can: every planted fault is
labelled (`.expected.json`). By default every rule runs on both roles, so a rule the table keeps
off a role is still measured there; ``--as-shipped`` uses the table's roles. A rule stays on a
role where the lower end of its 95% interval is above the role's base rate (it measurably adds
precision): `measured` says whether it is, for analysis; on summaries train's ~11,000 sentence
pairs decide (benchmarks/rules_on_train.py), the few summary flags here are shown beside them.
What was done with a rule that is not: benchmarks/RULES.md. Nothing is fitted.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.labelled import SETS, faults_of, matches  # noqa: E402
from benchmarks.rules_on_train import wilson  # noqa: E402
from pipeline.checker import check_briefing  # noqa: E402
from pipeline.engines.embedded.engine import EmbeddedEngine  # noqa: E402
from pipeline.engines.embedded.rules import BOTH, RULES  # noqa: E402
from pipeline.parse import parse_file  # noqa: E402



def count(folders: list[str], engine) -> tuple[Counter, Counter, Counter, Counter]:
    """(claims per role, planted per role, flags per (rule, role), planted flags per (rule, role))."""
    claims, planted, fired, right = Counter(), Counter(), Counter(), Counter()
    for folder in folders:
        for path in sorted(Path(folder).glob("*.txt")):
            faults = faults_of(path)
            for c in check_briefing(parse_file(path), engine).claims:
                hit = any(matches(f, c) for f in faults)
                claims[c.role] += 1
                planted[c.role] += hit
                if c.rule:
                    fired[c.rule, c.role] += 1
                    right[c.rule, c.role] += hit
    return claims, planted, fired, right


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=SETS, help="folders of briefings with .expected.json")
    ap.add_argument("--as-shipped", action="store_true", help="run each rule only on the roles the table gives it")
    args = ap.parse_args(argv)
    rules = RULES if args.as_shipped else [dataclasses.replace(r, roles=BOTH) for r in RULES]
    claims, planted, fired, right = count(args.sets, EmbeddedEngine(rules=rules))
    base = {role: planted[role] / claims[role] for role in claims}
    print(", ".join(f"{role}: {claims[role]} claims, {planted[role]} planted, base rate {base[role]:.3f}"
                    for role in sorted(claims)))
    print("| rule | role | flags | planted | precision | 95% interval | shipped on role | measured |")
    print("|---|---|---|---|---|---|---|---|")
    for r in RULES:
        for role in sorted(BOTH):
            n, k = fired[r.name, role], right[r.name, role]
            if not n:
                continue
            lo, hi = wilson(k, n)
            decision = ("train decides" if role == "summary" else "above base rate" if lo > base[role]
                        else "not measurably above base rate")
            print(f"| `{r.name}` | {role} | {n} | {k} | {k / n:.2f} | {lo:.2f}-{hi:.2f} | "
                  f"{'yes' if role in r.roles else 'no'} | {decision} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
