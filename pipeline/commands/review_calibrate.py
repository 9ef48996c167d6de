"""`briefcheck review calibrate [--apply|--reset]`: decisions -> confirmed shares and a policy."""

from __future__ import annotations

import sys

import click

from .common import fail_line


def _table(title: str, shares) -> list[str]:
    lines = [f"{title:<22} decided  confirmed  share  95% CI"]
    for s in shares:
        lo, hi = s.interval
        lines.append(f"  {s.key:<20} {s.decided:>7}  {s.confirmed:>9}  {s.share:>5.0%}  {lo:.0%}-{hi:.0%}")
    return lines


def calibration_text(store) -> tuple[list[str], object]:
    """The report lines and the Proposal (shared with nothing else: the page draws its own)."""
    from ..calibrate import describe, propose, shares

    repo = store.calibration
    lines: list[str] = []
    for by in ("verdict", "role", "rule"):
        lines += _table(f"by {by}", shares(repo.shares(by)))
    proposal = propose(repo.decided())
    lines.append(f"proposal from {proposal.decisions} decisions:")
    lines += [f"  {r}" for r in proposal.reasons] or ["  no change"]
    lines += [f"  refused: {r}" for r in proposal.refused]
    lines.append(describe(repo.current()))
    return lines, proposal


@click.command()
@click.option("--apply", "apply_", is_flag=True, help="Store the proposal: the next run flags by it.")
@click.option("--reset", is_flag=True, help="Go back to the built-in policy.")
def calibrate(apply_, reset):
    """Turn review decisions into the share of flags reviewers confirmed per verdict, role and rule
    (counts, 95% interval), and propose per-role score thresholds and rules to demote per role that
    would have kept the confirmed flags and dropped the dismissed ones. Nothing is proposed for a
    role or rule with fewer than 20 decisions."""
    from ..calibrate import MIN_DECISIONS
    from ..store import open_store

    if apply_ and reset:
        raise click.UsageError("--apply and --reset exclude each other")
    store = open_store()
    if reset:
        was = store.calibration.reset()
        click.echo("back to the built-in policy" if was else "no calibration was in force; nothing to reset")
        return
    lines, proposal = calibration_text(store)
    click.echo("\n".join(lines))
    if not apply_:
        return
    if proposal.empty:
        fail_line(f"nothing to apply: no role or rule has {MIN_DECISIONS} decisions that call for a change")
        sys.exit(1)
    cid = store.calibration.apply(proposal.policy(), proposal.decisions)
    click.echo(f"applied calibration #{cid} from {proposal.decisions} decisions; the next run flags by it")
