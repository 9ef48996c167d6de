"""Per-role flag policy: which verdicts go to a person."""

from __future__ import annotations

from .models import Label, Role


def is_flagged(role: Role, label: Label, has_specifics: bool) -> bool:
    """Summary sections are held to entailment. Analysis may infer, so it is flagged only on
    contradiction, off-topic, or unsupported specifics (numbers, dates, names). Anything that
    could not be checked always goes to a person."""
    if label == "error":
        return True
    if label == "supported":
        return False
    if role == "summary":
        return True
    if label == "unsupported":
        return has_specifics
    return True
