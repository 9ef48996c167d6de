"""Small, deterministic fitting tools for the embedded scorer (numpy only).

- ``fit_logistic``: L2-regularised logistic regression on standardised features, Newton's method.
- ``balanced_accuracy`` and ``best_threshold`` (maximise balanced accuracy on training data).
- ``grouped_folds``: K folds where every record of one source article lands in the same fold.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np


@dataclass
class Logistic:
    coef: np.ndarray  # on standardised features
    intercept: float
    mean: np.ndarray
    scale: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        z = ((np.asarray(X, dtype=np.float64) - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def fit_logistic(
    X: np.ndarray, y: np.ndarray, l2: float = 1.0, sample_weight: np.ndarray | None = None, iters: int = 50
) -> Logistic:
    """Newton-Raphson on the penalised log-likelihood (intercept not penalised)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mean) / scale])
    beta = np.zeros(Z.shape[1])
    pen = np.full(Z.shape[1], float(l2))
    pen[0] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(Z @ beta, -40, 40)))
        grad = Z.T @ (w * (p - y)) + pen * beta
        H = (Z * (w * p * (1 - p))[:, None]).T @ Z + np.diag(pen + 1e-9)
        step = np.linalg.solve(H, grad)
        beta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return Logistic(beta[1:], float(beta[0]), mean, scale)


def balanced_accuracy(y_true, y_pred) -> float:
    """Mean of per-class recall for binary labels (1 = consistent, 0 = inconsistent)."""
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    recalls = [float(np.mean(y_pred[y_true == c] == c)) for c in (True, False) if np.any(y_true == c)]
    return float(np.mean(recalls)) if recalls else float("nan")


def recalls(y_true, y_pred) -> dict[str, float]:
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    out = {}
    for name, c in (("consistent", True), ("inconsistent", False)):
        m = y_true == c
        out[name] = float(np.mean(y_pred[m] == c)) if np.any(m) else float("nan")
    return out


def best_threshold(scores, y_true) -> float:
    """Threshold t (predict consistent when score >= t) maximising balanced accuracy.

    Ties are broken toward the middle of the best plateau, so the cut sits between
    the training scores rather than on one of them."""
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y_true, dtype=bool)
    vals = np.unique(s)
    if len(vals) == 1:
        return float(vals[0])
    cands = np.concatenate([[vals[0] - 1e-6], (vals[:-1] + vals[1:]) / 2, [vals[-1] + 1e-6]])
    bas = np.array([balanced_accuracy(y, s >= t) for t in cands])
    best = np.flatnonzero(bas >= bas.max() - 1e-12)
    return float(cands[best[len(best) // 2]])


def source_group(source: str) -> str:
    return hashlib.sha256(source.strip().encode("utf-8")).hexdigest()


def grouped_folds(groups: list[str], k: int = 5, seed: int = 0) -> list[np.ndarray]:
    """Deterministic grouped K-fold: fold of a group = its hash mod k; returns test indices.

    ``seed`` 0 is the default split the benchmark reports; other seeds give other
    (equally deterministic) splits for checking how much a figure depends on the split."""
    prefix = "fold:" if seed == 0 else f"fold{seed}:"
    folds: list[list[int]] = [[] for _ in range(k)]
    for i, g in enumerate(groups):
        folds[int(hashlib.sha256((prefix + g).encode()).hexdigest(), 16) % k].append(i)
    return [np.array(f, dtype=int) for f in folds]


def fit_logistic_signed(
    X: np.ndarray, y: np.ndarray, signs: list[int], l2: float = 1.0, sample_weight: np.ndarray | None = None
) -> tuple[Logistic, list[int]]:
    """Logistic regression whose coefficients keep the signs a feature must have (+1: more of it
    means better supported, -1: worse, 0: free). Backward elimination: refit without the feature
    whose coefficient breaks its sign most, until none does. Returns (model, kept column indices)."""
    active = list(range(X.shape[1]))
    while True:
        model = fit_logistic(np.asarray(X)[:, active], y, l2=l2, sample_weight=sample_weight)
        bad = [(signs[a] * c, i) for i, (a, c) in enumerate(zip(active, model.coef)) if signs[a] * c < 0]
        if not bad or len(active) == 1:
            return model, active
        active.pop(min(bad)[1])
