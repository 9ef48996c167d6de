"""Cosine similarity between texts as bags of content words: no model to load."""

from __future__ import annotations

import numpy as np

from .lexical import analyse


def _bags(texts: list[str], vocab: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in analyse(t).content:
            out[i, vocab[w]] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def word_cosine(a: list[str], b: list[str]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for t in list(a) + list(b):
        for w in analyse(t).content:
            vocab.setdefault(w, len(vocab))
    return _bags(a, vocab) @ _bags(b, vocab).T
