#!/usr/bin/env python
"""LLM calls and tokens per briefing as the number of claims grows, first run and re-run.

Runs generated briefings with about 5, 20 and 60 claims through the OpenAI-compatible engine
against the fault-injecting server of the test suite (tests/faultserver.py, well-formed replies,
127.0.0.1), in a fresh BRIEFCHECK_HOME. Requests are counted at the server. The calls column
must be flat in the number of claims: one extract, one check, one digest; the re-run comes
from the response cache.

    python benchmarks/llm_calls.py [--claims 5 20 60] [--check-batch N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

FACTS = [
    ("ministers from {a} and {b} met in {c} on {d} March", "The ministers of {a} and {b} met in {c}."),
    ("{a} agreed to expand rail links with {b} by {n} kilometres", "{a} will expand rail links with {b}."),
    ("{b} pledged {n} million euros for a joint port in {c}", "{b} pledged money for a port in {c}."),
    ("the talks in {c} also covered fishing quotas for {a}", "Fishing quotas for {a} were discussed."),
]
PLACES = ["Lisbon", "Porto", "Vigo", "Bilbao", "Nantes", "Brest", "Cork", "Galway", "Oslo", "Bergen"]
COUNTRIES = ["Portugal", "Spain", "France", "Ireland", "Norway", "Iceland", "Denmark", "Belgium"]


def briefing(n_claims: int) -> str:
    """A seed-format briefing whose Key Points hold n_claims bullets, each backed by the story."""
    story, points = [], []
    for i in range(n_claims):
        tpl_story, tpl_point = FACTS[i % len(FACTS)]
        kw = {"a": COUNTRIES[i % len(COUNTRIES)], "b": COUNTRIES[(i + 3) % len(COUNTRIES)],
              "c": PLACES[i % len(PLACES)], "d": 1 + i % 28, "n": 10 + 7 * i}
        s = tpl_story.format(**kw)
        story.append(s[0].upper() + s[1:] + ".")
        points.append("- " + tpl_point.format(**kw))
    return ("Mon Mar 02 09:00:00 UTC 2026: Headline: Atlantic Neighbours Agree on Transport Plan\n"
            "The Story:\n" + " ".join(story) + "\nKey Points:\n" + "\n".join(points) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=int, nargs="*", default=[5, 20, 60])
    ap.add_argument("--check-batch", type=int, default=None, help="claims per check call (default: the engine's)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as home:
        os.environ["BRIEFCHECK_HOME"] = home
        for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            os.environ.pop(k, None)
        from faultserver import FaultServer

        from pipeline.checker import check_briefing
        from pipeline.engines.openai_engine import OpenAIEngine
        from pipeline.parse import parse_text

        rows = []
        with FaultServer() as srv:
            engine = OpenAIEngine(model="bench-model", base_url=srv.base_url, api_key="sk-bench",
                                  check_batch=args.check_batch)
            try:
                for n in args.claims:
                    b = parse_text(briefing(n), f"bench_{n}.txt")
                    for run in ("first", "re-run"):
                        before = srv.calls
                        r = check_briefing(b, engine)
                        u = r.usage
                        rows.append((n, len(r.claims), run, srv.calls - before, u.llm_calls, u.reasks, u.cache_hits,
                                     u.prompt_tokens, u.completion_tokens))
            finally:
                engine.close()

    head = ("claims asked", "claims", "run", "requests @server", "llm_calls", "reasks", "cache_hits",
            "prompt tokens", "completion tokens")
    widths = [max(len(h), 6) for h in head]
    print(" | ".join(h.rjust(w) for h, w in zip(head, widths)))
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(v).rjust(w) for v, w in zip(row, widths)))
    first = {row[3] for row in rows if row[2] == "first"}
    print(f"\nrequests per briefing, first run: {sorted(first)} (flat in claims: {'yes' if len(first) == 1 else 'NO'})")
    print("tokens: the fault server counts 4 characters per token.")
    return 0 if len(first) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
