"""Calibration: reviewers' decisions -> the confirmed share of flags, and a proposed policy.

The proposal keeps what reviewers confirmed and drops what they dismissed, in two ways:
  * demote a rule in a role when reviewers keep dismissing its flags there: the upper end of the
    95% interval of its confirmed share is below DEMOTE_BELOW;
  * a per-role score threshold: a flag scoring at or above it is dropped. It is set just above the
    highest score of a confirmed flag in that role, so every confirmed flag would still be raised,
    and proposed only when it would have dropped at least one dismissed flag.
Nothing is proposed from fewer than MIN_DECISIONS decisions for a role or rule: that is said, not
guessed. ``error`` flags are left out: what could not be checked always goes to a person.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

MIN_DECISIONS = 20
DEMOTE_BELOW = 0.25
Z95 = 1.96


def wilson(confirmed: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a share; (0, 1) for no data. Sound at 0/n and n/n, unlike
    the normal approximation, which matters here: a rule reviewers always dismiss is 0/n."""
    if n == 0:
        return 0.0, 1.0
    p = confirmed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Share:
    key: str
    decided: int
    confirmed: int

    @property
    def share(self) -> float:
        return self.confirmed / self.decided if self.decided else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.confirmed, self.decided)


@dataclass
class Proposal:
    decisions: int
    thresholds: dict[str, float] = field(default_factory=dict)
    demoted: dict[str, list[str]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # one line per proposed change
    refused: list[str] = field(default_factory=list)  # one line per role or rule with too few decisions

    @property
    def empty(self) -> bool:
        return not self.thresholds and not self.demoted

    def policy(self) -> dict:
        return {"thresholds": dict(sorted(self.thresholds.items())),
                "demoted": {r: sorted(v) for r, v in sorted(self.demoted.items())}}


def shares(rows: list[dict]) -> list[Share]:
    return [Share(str(r["key"]), r["decided"], r["confirmed"] or 0) for r in rows]


def propose(decided: list[dict], min_decisions: int = MIN_DECISIONS) -> Proposal:
    """``decided``: rows {role, rule, verdict, score, confirmed} (store.calibration.decided())."""
    rows = [r for r in decided if r["verdict"] != "error"]
    out = Proposal(decisions=len(decided))
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["role"], r["rule"])].append(r)
    for (role, rule), g in sorted(groups.items()):
        n, c = len(g), sum(r["confirmed"] for r in g)
        if n < min_decisions:
            out.refused.append(f"rule {rule} in {role}: {n} decisions, needs {min_decisions}; no proposal")
            continue
        hi = wilson(c, n)[1]
        if hi < DEMOTE_BELOW:
            out.demoted.setdefault(role, []).append(rule)
            out.reasons.append(f"demote rule {rule} in {role}: {c}/{n} confirmed (95% CI up to {hi:.0%})")
    by_role: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["rule"] not in out.demoted.get(r["role"], []):
            by_role[r["role"]].append(r)
    for role, g in sorted(by_role.items()):
        _threshold(out, role, g, min_decisions)
    return out


def _threshold(out: Proposal, role: str, g: list[dict], min_decisions: int) -> None:
    if len(g) < min_decisions:
        out.refused.append(f"threshold for {role}: {len(g)} decisions, needs {min_decisions}; no proposal")
        return
    kept = [r["score"] for r in g if r["confirmed"]]
    if not kept:
        return  # nothing confirmed to keep: a threshold would drop every flag; demotion is the tool
    limit = round(max(kept) + 1e-4, 4)
    dropped = sum(1 for r in g if not r["confirmed"] and r["score"] >= limit)
    if dropped:
        out.thresholds[role] = limit
        out.reasons.append(f"threshold for {role}: flag only below score {limit:.4f} "
                           f"(keeps {len(kept)} confirmed, drops {dropped} dismissed)")


def describe(stored: dict | None) -> str:
    """One line on the calibration in force."""
    if not stored:
        return "calibration in force: none (the built-in policy)"
    p = stored["policy"]
    parts = [f"{role} below {t:.4f}" for role, t in p.get("thresholds", {}).items()]
    parts += [f"{rule} demoted in {role}" for role, rules in p.get("demoted", {}).items() for rule in rules]
    return (f"calibration in force: #{stored['id']} from {stored['decisions']} decisions, {stored['created']}: "
            + ("; ".join(parts) or "no change"))
