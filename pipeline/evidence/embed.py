"""Sentence embeddings from WordLlama, whose weights ship inside its wheel (MIT).

Loaded lazily and once per process: importing this module costs nothing.
Chosen over the MiniLM ONNX wheel for speed (~3 ms vs ~220 ms a record on
two cores, MODELS.md) at similar accuracy, and because it needs no tokenizer
file from another package.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np


@functools.lru_cache(maxsize=1)
def _model():
    import wordllama

    # disable_download: its default cache path is wrong and would try the network.
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def embed(texts: list[str]) -> np.ndarray:
    """Unit-normalised embeddings, one row per text."""
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    vecs = np.asarray(_model().embed(list(texts), norm=True), dtype=np.float32)
    return vecs


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine matrix between rows of a and rows of b (both unit-normalised)."""
    return a @ b.T
