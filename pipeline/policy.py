"""Per-role flag policy: which verdicts go to a person, and the reviewers' calibration of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Label, Role


@dataclass(frozen=True)
class Calibration:
    """What reviewers' decisions changed (``briefcheck review calibrate --apply``): per role, a score
    at or above which a flag is dropped (reviewers dismissed those and confirmed none), and rules
    whose flags reviewers kept dismissing there (demoted: the finding stays in the report,
    unflagged). ``error`` is never calibrated away: what could not be checked goes to a person."""

    thresholds: dict[str, float] = field(default_factory=dict)
    demoted: dict[str, frozenset[str]] = field(default_factory=dict)
    decisions: int = 0

    @classmethod
    def from_stored(cls, stored: dict | None) -> "Calibration | None":
        if not stored:
            return None
        p = stored["policy"]
        return cls(thresholds={k: float(v) for k, v in p.get("thresholds", {}).items()},
                   demoted={k: frozenset(v) for k, v in p.get("demoted", {}).items()},
                   decisions=int(stored.get("decisions", 0)))

    def keeps(self, role: Role, label: Label, score: float, rule: str | None) -> bool:
        if label == "error":
            return True
        if (rule or label) in self.demoted.get(role, ()):
            return False
        limit = self.thresholds.get(role)
        return limit is None or score < limit


def is_flagged(role: Role, label: Label, has_specifics: bool, *, score: float = 0.0, rule: str | None = None,
               calibration: Calibration | None = None) -> bool:
    """Summary sections are held to entailment. Analysis may infer, so it is flagged only on
    contradiction, off-topic, or unsupported specifics (numbers, dates, names). Anything that
    could not be checked always goes to a person. A calibration can only drop flags, never add."""
    if label == "error":
        return True
    if label == "supported":
        return False
    if role == "summary":
        flagged = True
    elif label == "unsupported":
        flagged = has_specifics
    else:
        flagged = True
    return flagged and (calibration is None or calibration.keeps(role, label, score, rule))
