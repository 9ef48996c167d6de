"""Contradiction cues of the embedded engine: swapped names in a known slot."""

import pytest

from pipeline.engines.embedded.cues import name_swap

STORY = (
    "South Korean President Lee Jae Myung is holding a summit with Japanese Prime Minister "
    "Sanae Takaichi on January 13, 2026, in Nara City, Japan, following a recent meeting with "
    "Chinese President Xi Jinping."
)


@pytest.mark.parametrize(
    "claim, swap",
    [
        ("President Lee is meeting with Prime Minister Fumio Kishida in Nara City.", ("Fumio Kishida", "Sanae Takaichi")),
        ("President Lee Jae Myung meets Prime Minister Sanae Takaichi in Tokyo.", ("Tokyo", "Nara City")),
        ("Coach Ange Postecoglou said the club would appeal.", None),  # no such slot in the story
    ],
)
def test_name_swap_in_a_title_or_place_slot(claim, swap):
    assert name_swap(claim, STORY) == swap


@pytest.mark.parametrize(
    "claim",
    [
        "President Lee Jae Myung is meeting with Prime Minister Sanae Takaichi in Nara City, Japan.",
        "The meeting follows President Lee’s summit with Chinese President Xi Jinping.",  # short form, possessive
        "This reflects a broader game in East Asia, with South Korea as a mediator.",  # region, not a place
        "Talks focus on partnerships, particularly in AI.",  # acronym after 'in'
    ],
)
def test_same_or_general_names_are_no_swap(claim):
    assert name_swap(claim, STORY) is None
