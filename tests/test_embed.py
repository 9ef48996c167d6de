"""The embedding of pipeline/evidence/embed.py, read from the wordllama wheel's files, is
WordLlama's own: the scorer's weights were fitted on its vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.evidence import embed

TEXTS = ["South Korean President Lee Jae Myung is holding a summit in Nara City.",
         "The outcomes of agreements about Bitcoin ETFs also hold long term value.",
         "Rescue teams have ended their search", "x", "  ", "Über café naïve — 12,500 tonnes", ""]


def test_vectors_equal_wordllamas_own():
    import wordllama

    theirs = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    texts = TEXTS * 20  # more than one batch
    mine = embed.embed(texts)
    ref = np.asarray(theirs.embed(texts, norm=True), dtype=np.float32)
    assert mine.shape == (len(texts), 256)
    assert np.allclose(np.nan_to_num(mine), np.nan_to_num(ref), atol=1e-6)


def test_no_texts_give_no_rows():
    assert embed.embed([]).shape == (0, 256)
