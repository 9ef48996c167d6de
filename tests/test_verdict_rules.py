"""Embedded verdict rules end to end on a small briefing: new names, forecasts, changes of subject."""

from __future__ import annotations

import pytest

from pipeline.checker import check_briefing
from pipeline.engines.embedded.engine import EmbeddedEngine
from pipeline.parse import parse_text

BRIEFING = """Mon Mar 9 08:00:00 UTC 2026: Headline: Wieczorek Wins Baltic Masters in Riga
The Story:
Grandmaster Tomasz Wieczorek of Poland won the Baltic Masters chess tournament in Riga on Sunday, finishing with 6.5 points from nine rounds. Governor Irena Kovacs of the central bank said annual inflation had reached 11.3 percent in January, which raised ticket prices for the event. Organisers said 140 players from 31 countries took part.
Key Points:
- Grandmaster Tomasz Wieczorek of Poland won the Baltic Masters in Riga with 6.5 points.
- Wieczorek's coach, Grandmaster Piotr Malinowski, credited months of opening preparation.
- Players from 31 countries took part in the tournament in Riga.
Critical Analysis:
Halberg Securities projects that inflation will fall below 8 percent by the end of 2026. Victory for a Polish player in Riga may raise interest in the Baltic Masters across Central Europe. On a different note, Poland's national football team named a new captain for its autumn friendlies.
"""


@pytest.fixture(scope="module")
def claims():
    report = check_briefing(parse_text(BRIEFING, "rules.txt"), EmbeddedEngine())
    return {c.text: c for c in report.claims}


def _find(claims, part):
    (c,) = [c for t, c in claims.items() if part in t]
    return c


def test_new_person_is_unsupported_and_flagged(claims):
    c = _find(claims, "Piotr Malinowski")
    assert c.verdict == "unsupported" and c.flagged and "Piotr Malinowski" in c.rationale


def test_known_names_and_regions_are_not_new(claims):
    assert not _find(claims, "won the Baltic Masters in Riga").flagged
    assert not _find(claims, "across Central Europe").flagged


def test_forecast_figure_is_new_not_a_replacement(claims):
    c = _find(claims, "Halberg Securities projects")
    assert c.verdict == "unsupported" and c.flagged and "8" in c.rationale


def test_change_of_subject_sharing_a_country_is_off_topic(claims):
    c = _find(claims, "On a different note")
    assert c.verdict == "off_topic" and c.flagged


FLAT = """Mon Mar 9 08:00:00 UTC 2026: Headline: Astronomers Detect Repeating Radio Source
The Story:
Astronomers using a radio telescope array in Western Australia have detected a repeating radio source that flashes every 44 minutes. The findings were published after peer review. The team has been awarded observing time on another telescope to study the object at higher frequencies.
Critical Analysis:
The 44-minute period could point to a kind of object that current models do not predict. The city's professional hockey team confirmed its head coach has signed a contract extension.
"""


def test_flat_report_far_from_the_story_is_off_topic_in_analysis():
    report = check_briefing(parse_text(FLAT, "flat.txt"), EmbeddedEngine())
    by = {c.text: c for c in report.claims}
    hockey = by["The city's professional hockey team confirmed its head coach has signed a contract extension."]
    assert hockey.verdict == "off_topic" and hockey.flagged
    speculation = by["The 44-minute period could point to a kind of object that current models do not predict."]
    assert speculation.verdict != "off_topic"
