"""The source side of one briefing, built once by the checker and handed to the stages and the
engine: its sentences, their words, names and figures, retrieval of related sentences, and
similarities. Nothing here is cached across briefings; the embedding model is loaded only when
something asks for vectors (an LLM run never does)."""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

import numpy as np

from ..models import Briefing
from ..textspan import Span
from .lexical import analyse
from .spans import source_spans

T = TypeVar("T")


class SourceEvidence:
    """``embeddings``: whether similarities use WordLlama vectors (the embedded engine, which
    loads them anyway) or plain word overlap (any other engine: no model is loaded)."""

    def __init__(self, briefing: Briefing, embeddings: bool = False):
        self.briefing = briefing
        self.text = briefing.text
        self.spans: list[Span] = source_spans(briefing)
        self.source_text = " ".join(s.text for s in self.spans)
        self.embeddings = embeddings
        self._derived: dict[str, object] = {}
        self._lock = threading.Lock()
        self._lex = None
        self._vecs: dict[str, np.ndarray] = {}

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """What an engine or stage works out once per briefing (the embedded engine's scored
        index), kept with the evidence so that it lives exactly as long as the briefing's check."""
        with self._lock:  # batch workers may share one briefing's evidence
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]  # type: ignore[return-value]

    @property
    def lexicon(self):
        if self._lex is None:
            self._lex = analyse("\n".join(s.text for s in self.spans))
        return self._lex

    def novel_specifics(self, text: str) -> list[str]:
        """Numbers, dates and names in ``text`` that the source never writes (case-insensitive)."""
        lx, src = analyse(text), self.lexicon
        numbers = {n for n in lx.numbers if n not in set(src.numbers)}
        names = {n for n in lx.names if n not in set(src.tokens) and n not in set(src.lemmas)}
        return sorted(numbers) + sorted(names)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Unit WordLlama vectors of ``texts`` (the model loads on the first call of a process)."""
        from .embed import embed

        todo = [t for t in dict.fromkeys(texts) if t not in self._vecs]
        if todo:
            self._vecs.update(zip(todo, embed(todo)))
        return np.array([self._vecs[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)

    def similarity(self, a: list[str], b: list[str]) -> np.ndarray:
        """Cosine matrix between two lists of texts."""
        from .similarity import word_cosine

        return self.vectors(a) @ self.vectors(b).T if self.embeddings else word_cosine(a, b)


def build(briefing: Briefing, embeddings: bool = False) -> SourceEvidence:
    return SourceEvidence(briefing, embeddings=embeddings)
