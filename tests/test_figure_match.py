"""pipeline.engines.embedded.figure_match: a replaced figure's rationale cites the story's figure
that counts the same thing (issue 14)."""

from __future__ import annotations

import pytest

from pipeline.engines.embedded.figure_match import figures, same_quantity

STORY = ["Northland's annual inflation fell to 2.4 percent in September, official figures showed on Monday.",
         "The central bank said it would keep rates on hold until inflation settles at the 2 percent target."]
SOURCE = [f for i, s in enumerate(STORY) for f in figures(s, i)]


@pytest.mark.parametrize("claim,figure,cited", [
    ("Inflation stands at 3.1 percent.", "3.1", "2.4"),
    ("Inflation is 3.1 percent, above the central bank's target.", "3.1", "2.4"),
    ("At 3.1 percent, inflation remains well above target.", "3.1", "2.4"),
    ("Inflation fell to 3.1% in September.", "3.1", "2.4"),
    ("The bank wants inflation at a 3 percent target.", "3", "2"),  # a target for a target
])
def test_the_figure_counting_the_same_thing_is_cited(claim, figure, cited):
    assert same_quantity(claim, figure, SOURCE).number == cited


def test_the_words_around_a_figure_decide_between_two_of_the_same_unit():
    story = ["The plant employs 300 workers and ships 40 trucks a day.",
             "Last year 120 workers were laid off."]
    src = [f for i, s in enumerate(story) for f in figures(s, i)]
    assert same_quantity("The plant employs 350 workers.", "350", src).number == "300"
    assert same_quantity("Last year 150 workers were laid off.", "150", src).number == "120"


def test_no_figure_of_that_unit_or_one_the_claim_gives_itself():
    assert same_quantity("Inflation stands at 3.1 percent.", "3.1", figures("It rained 12 days.")) is None
    assert same_quantity("Support fell from 2.4 percent to 1.9 percent.", "1.9", SOURCE).number == "2"
    assert same_quantity("No unit here: 5.", "5", SOURCE) is None


def test_the_engine_rationale_and_quote_cite_the_same_quantity():
    from pipeline.checker import check_briefing
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.parse import parse_text

    text = ("Mon Oct 16 09:00:00 UTC 2026: Headline: Inflation Eases in Northland\nThe Story:\n"
            + " ".join(STORY) + "\nKey Points:\n- Inflation stands at 3.1 percent.\n")
    [claim] = check_briefing(parse_text(text, "t.txt"), EmbeddedEngine()).claims
    assert claim.verdict == "contradicted"
    assert claim.rationale == "Says 3.1 percent; the source says 2.4 percent."
    assert "2.4 percent" in claim.evidence.text
