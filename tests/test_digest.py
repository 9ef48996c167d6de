"""The digest's note and its near-duplicate filter (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.digest import drop_near_duplicates, dropped_note

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.mark.parametrize("bullets,kept", [
    # the same fact twice: the later goes
    (["The agency ordered evacuations within 7 kilometres of the volcano.",
      "Evacuations within a 7-kilometre zone were ordered.",
      "Four airports were shut."],
     ["The agency ordered evacuations within 7 kilometres of the volcano.", "Four airports were shut."]),
    # the later says all the earlier does and more: it takes the earlier's place
    (["Further observations are planned for October.",
      "Whitfield stressed the results do not point to life, and further observations are planned for October."],
     ["Whitfield stressed the results do not point to life, and further observations are planned for October."]),
    # different facts sharing a figure stay
    (["The quake struck at a depth of about 10 kilometres.",
      "Rescuers searched villages about 10 kilometres from the coast."],
     ["The quake struck at a depth of about 10 kilometres.",
      "Rescuers searched villages about 10 kilometres from the coast."]),
])
def test_near_duplicates_go(bullets, kept):
    assert drop_near_duplicates(bullets) == (kept, len(bullets) - len(kept))


def test_the_dropped_note_says_what_and_why_in_a_readers_terms():
    one = dropped_note(["The expansion suggests strong demand."])
    assert one == ("Left out of the digest: “The expansion suggests strong demand.”; the story does not "
                   "state it closely enough to repeat as fact.")
    many = dropped_note(["x" * 100, "b", "c"])
    assert "“" + "x" * 67 + "…” and 2 more" in many and "them" in many
    assert "generated" not in many


def test_a_seed_digest_has_no_near_duplicate_bullets():
    from pipeline.checker import check_file
    from pipeline.engines.embedded.engine import EmbeddedEngine

    d = check_file(SEEDS / "027_before_after.txt", EmbeddedEngine()).digest
    assert sum("evacuation" in b.lower() for b in d.bullets) == 1, d.bullets
    assert "generated bullet" not in d.note and "Left out of the digest" in d.note
