"""Which text of a briefing is the source: the headline and the sentences of its source sections."""

from __future__ import annotations

from ..models import Briefing
from ..textspan import Span, sentences


def source_spans(briefing: Briefing) -> list[Span]:
    """The headline and every sentence of the source sections, offsets into briefing.text."""
    spans: list[Span] = []
    for s in briefing.by_role("source"):
        if s.name == "Headline":
            spans.append(Span(briefing.body(s), s.start, s.end))
        else:
            spans.extend(sentences(briefing.text, s.start, s.end))
    return spans
