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


def test_a_digest_keeps_one_of_two_near_duplicate_bullets():
    from pipeline.digest import digest
    from pipeline.models import CheckedClaim, Usage
    from pipeline.parse import parse_file

    class Echo:  # digest = the claims' texts; every bullet verified
        digest_cut = 0.0

        def digest(self, briefing, claims, max_bullets, max_words, usage):
            return [c.text for c in claims]

        def verify_bullets(self, evidence, bullets):
            return [True] * len(bullets)

    texts = ["Evacuations were ordered within 7 kilometres of the volcano.",
             "Evacuations within a 7-kilometre zone of the volcano were ordered on Sunday.",
             "The airports were closed."]
    claims = [CheckedClaim(id=f"c{i}", section="Key Points", role="summary", text=t, start=0, end=len(t),
                           verdict="supported", score=0.9, evidence=None, rationale="r", flagged=False)
              for i, t in enumerate(texts)]
    d = digest(parse_file(SEEDS / "027_before_after.txt"), claims, Echo(), Usage())
    assert sum("evacuation" in b.lower() for b in d.bullets) == 1, d.bullets
    assert d.bullets[0] == texts[1] and d.bullets[1] == texts[2]  # the fuller one takes the place


def _digest_at(cut: float):
    """The seed's digest by the embedded engine with its digest cut moved to ``cut``."""
    from pipeline.checker import check_briefing
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.parse import parse_file

    class Strict(EmbeddedEngine):
        digest_cut = cut

    b = parse_file(SEEDS / "000_041345f959c62141.txt")
    return b, check_briefing(b, Strict()).digest


def test_story_sentences_complete_a_digest_the_checker_cannot_fill():
    b, d = _digest_at(1.01)  # no claim can reach the cut: nothing is confirmed
    story = b.body(next(s for s in b.sections if s.name == "The Story"))
    assert d.bullets == [] and len(d.from_story) == 3
    for line in d.from_story:
        assert line in story and line != b.headline and len(line.split()) <= 40
    assert len(set(d.from_story)) == 3
    assert "3 line(s) quoted from the story" in d.note


def test_story_sentences_only_make_up_what_confirmed_bullets_leave():
    _, d = _digest_at(0.0)
    assert len(d.bullets) >= 3 and d.from_story == []
    from pipeline.engines.embedded.engine import EmbeddedEngine

    _, shipped = _digest_at(EmbeddedEngine().digest_cut)
    assert len(shipped.bullets) + len(shipped.from_story) >= 3
    for line in shipped.from_story:  # no story line repeats a confirmed bullet
        assert line not in shipped.bullets
