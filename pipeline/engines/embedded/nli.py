"""A user's own NLI model (ONNX cross-encoder) as a second opinion for the embedded engine.

No PyPI package ships a usable entailment model (see the README), so none is bundled; a user who
has one exported to ONNX (e.g. with Hugging Face Optimum) points ``--nli-model`` at its folder:

    model.onnx       logits [batch, labels]; inputs input_ids, attention_mask (token_type_ids if it has them)
    tokenizer.json   a `tokenizers` tokenizer that encodes (premise, hypothesis) pairs
    config.json      "id2label": which logit is entailment, neutral, contradiction

Labels are read by name ("ENTAILMENT", "contradiction", "not_entailment", ...), so 2- and 3-class
models both work. Needs ``pip install 'briefcheck[nli]'`` (onnxruntime, tokenizers).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from ...errors import EngineError, NLIError

MAX_TOKENS = 320  # premise is cut first: the hypothesis is what is judged
BATCH = 16
MEMO_SIZE = 20_000  # (premise, claim) pairs remembered: a claim re-checked within a run costs nothing



def _role(label: str) -> str | None:
    name = label.lower().replace("-", "_").replace(" ", "_")
    if name.startswith(("not_entail", "non_entail")):
        return "neutral"
    for role, stem in (("entailment", "entail"), ("contradiction", "contradict"), ("neutral", "neutral")):
        if name.startswith(stem):
            return role
    return None


def label_columns(id2label: dict) -> dict[str, int]:
    """role -> logit column ('entailment' is required; 'contradiction' optional)."""
    cols: dict[str, int] = {}
    for i, label in sorted(((int(k), v) for k, v in id2label.items())):
        role = _role(str(label))
        if role and role not in cols:
            cols[role] = i
    if "entailment" not in cols:
        raise ValueError(f"no entailment label among {sorted(map(str, id2label.values()))}")
    return cols


class NLIModel:
    """(premise, hypothesis) pairs -> probabilities of entailment and contradiction."""

    def __init__(self, path: str | Path):
        folder = Path(path)
        if folder.is_file():
            folder = folder.parent
        self.path = str(folder)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise NLIError(f"{folder}: an NLI model needs onnxruntime and tokenizers (pip install 'briefcheck[nli]'): {e}")
        missing = [f for f in ("model.onnx", "tokenizer.json", "config.json") if not (folder / f).is_file()]
        if missing:
            raise NLIError(f"{folder}: not an NLI model folder, missing {', '.join(missing)}")
        try:
            self.columns = label_columns(json.loads((folder / "config.json").read_text("utf-8"))["id2label"])
            tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 2
            self._session = ort.InferenceSession(str(folder / "model.onnx"), opts, providers=["CPUExecutionProvider"])
        except Exception as e:  # a broken file of any kind is one line for the user
            raise NLIError(f"{folder}: cannot load the NLI model: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
        # Some exports fix the batch or sequence length ([1, 160]): pad and batch to what they take.
        shape = list(self._session.get_inputs()[0].shape) + [None, None]
        self._fixed_batch = isinstance(shape[0], int) and shape[0] > 0
        self._batch = shape[0] if self._fixed_batch else BATCH
        fixed = shape[1] if isinstance(shape[1], int) and shape[1] > 0 else None
        tok.enable_truncation(min(MAX_TOKENS, fixed or MAX_TOKENS), strategy="only_first")
        pad = next((t for t in ("[PAD]", "<pad>") if tok.token_to_id(t) is not None), None)
        tok.enable_padding(pad_id=tok.token_to_id(pad) if pad else 0, pad_token=pad or "[PAD]", length=fixed)
        self._tok = tok
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()  # batch workers share one session
        self._memo: dict[tuple[str, str], tuple[float, float]] = {}

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """[n, 2]: P(entailment), P(contradiction) for each (premise, hypothesis)."""
        got = {p: self._memo[p] for p in dict.fromkeys(pairs) if p in self._memo}
        todo = [p for p in dict.fromkeys(pairs) if p not in got]
        for b in range(0, len(todo), self._batch):
            chunk = todo[b : b + self._batch]
            with self._lock:
                logits = self._run(chunk)
            z = logits - logits.max(axis=1, keepdims=True)
            prob = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
            ent = prob[:, self.columns["entailment"]]
            con = prob[:, self.columns["contradiction"]] if "contradiction" in self.columns else np.zeros(len(chunk))
            fresh = {p: (float(e), float(c)) for p, e, c in zip(chunk, ent, con)}
            got.update(fresh)
            if len(self._memo) > MEMO_SIZE:  # a long batch must not grow it without bound
                self._memo.clear()
            self._memo.update(fresh)
        return np.array([got[p] for p in pairs], dtype=np.float64).reshape(len(pairs), 2)

    def _run(self, chunk: list[tuple[str, str]]) -> np.ndarray:
        n = len(chunk)
        if self._fixed_batch:  # fill a fixed batch with copies, then keep the first n rows
            chunk = chunk + [chunk[-1]] * (self._batch - n)
        enc = self._tok.encode_batch(chunk)
        feeds = {
            "input_ids": np.array([e.ids for e in enc], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64),
        }
        try:
            out = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        except Exception as e:  # the claims become `error` verdicts (check stage), never a pass
            raise EngineError(f"NLI model {self.path} failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
        logits = np.asarray(out, dtype=np.float64)[:n] if np.ndim(out) == 2 else np.asarray(out, dtype=np.float64)
        if logits.ndim != 2 or len(logits) != n or logits.shape[1] <= max(self.columns.values()):
            raise EngineError(f"NLI model {self.path} returned logits of shape {logits.shape}, not [{n}, labels]")
        if not np.isfinite(logits).all():
            raise EngineError(f"NLI model {self.path} returned non-finite logits")
        return logits


def premises(index, claim: str, evidence, k: int = 3) -> list:
    """The claim's evidence and the source sentences sharing most content words with it."""
    from ...evidence.lexical import analyse

    words = set(analyse(claim).content)
    ranked = sorted(index.related(claim, min_shared=1), key=lambda sp: -len(words & set(analyse(sp.text).content)))
    out = [evidence]
    for sp in ranked:
        if len(out) >= k:
            break
        if sp.text not in evidence.text:
            out.append(sp)
    return out


def judge(model: NLIModel, spans: list, claim: str) -> tuple[float, float, object, object]:
    """(best entailment, best contradiction, span entailing most, span contradicting most)."""
    probs = model.probabilities([(sp.text, claim) for sp in spans])
    i, j = int(np.argmax(probs[:, 0])), int(np.argmax(probs[:, 1]))
    return float(probs[i, 0]), float(probs[j, 1]), spans[i], spans[j]
