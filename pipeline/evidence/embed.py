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


WEIGHTS = "weights/l2_supercat_256.safetensors"  # WordLlama's default model, in its wheel
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
BATCH = 64


@functools.lru_cache(maxsize=1)
def _model():
    """(embedding matrix, tokenizer) read straight from the wordllama wheel's files: its own
    loader imports `requests` and resolves download paths (a sixth of a cold check's start-up)
    for files that are already on disk. The arithmetic of embed() is WordLlamaInference.embed's
    (mean of token vectors, then unit length); tests/test_embed.py checks they agree."""
    import importlib.util

    from safetensors import safe_open
    from tokenizers import Tokenizer

    spec = importlib.util.find_spec("wordllama")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("wordllama is not installed (pip install wordllama==0.4.0.post1)")
    root = Path(spec.origin).parent
    with safe_open(str(root / WEIGHTS), framework="np", device="cpu") as f:
        matrix = np.ascontiguousarray(f.get_tensor("embedding.weight").astype(np.float32))
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
    tokenizer.enable_padding()
    tokenizer.no_truncation()
    return matrix, tokenizer


def embed(texts: list[str]) -> np.ndarray:
    """Unit-normalised embeddings, one row per text."""
    matrix, tokenizer = _model() if texts else (None, None)
    out = np.zeros((len(texts), 256), dtype=np.float32)
    for i in range(0, len(texts), BATCH):
        enc = tokenizer.encode_batch(list(texts[i : i + BATCH]), is_pretokenized=False, add_special_tokens=False)
        ids = np.clip(np.array([e.ids for e in enc], dtype=np.int32), 0, matrix.shape[0] - 1)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        pooled = np.sum(matrix[ids] * mask[..., np.newaxis], axis=1, dtype=np.float32)
        pooled /= np.maximum(mask.sum(axis=1, keepdims=True), 1.0).astype(np.float32)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
        out[i : i + len(enc)] = pooled
    return out


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine matrix between rows of a and rows of b (both unit-normalised)."""
    return a @ b.T
