"""The evidence layer under the stages and the engines: one briefing's source, analysed once."""

from .index import SourceEvidence, build
from .spans import source_spans

__all__ = ["SourceEvidence", "build", "source_spans"]
