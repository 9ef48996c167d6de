"""A tiny but real ONNX NLI model folder for the tests (built with onnx, run by onnxruntime).

The "model" reads only the hypothesis tokens (token_type_ids == 1): each word it does not know
(not in the vocabulary built from ``known_text``) pushes toward neutral, each ``contra_word``
toward contradiction, and a bias favours entailment. Crude, but a real tokenizer, a real graph
and a real label mapping, so the plumbing from folder to verdict is exercised end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]


def build(folder: Path, known_text: str, contra_words=("contrary",), labels=("entailment", "neutral", "contradiction"),
          logits_width: int | None = None) -> Path:
    """Write model.onnx, tokenizer.json and config.json into ``folder``; ``labels`` is the logit order.
    ``logits_width`` other than len(labels) makes a broken model (for failure tests)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    folder.mkdir(parents=True, exist_ok=True)
    pre = pre_tokenizers.Whitespace()
    words = sorted({w for w, _ in pre.pre_tokenize_str(known_text.lower())} | set(contra_words))
    vocab = {t: i for i, t in enumerate(SPECIAL + words)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tok.save(str(folder / "tokenizer.json"))

    col = {name: i for i, name in enumerate(labels)}
    width = logits_width or len(labels)
    emb = np.zeros((len(vocab), width), np.float32)
    if width == len(labels):
        emb[vocab["[UNK]"], col["neutral"]] = 2.0
        for w in contra_words:
            emb[vocab[w], col["contradiction"]] = 6.0
    bias = np.zeros(width, np.float32)
    if width == len(labels):
        bias[col["entailment"]] = 1.0
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["g"]),
        helper.make_node("Mul", ["token_type_ids", "attention_mask"], ["hyp"]),
        helper.make_node("Cast", ["hyp"], ["hyp_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["hyp_f", "axis2"], ["m"]),
        helper.make_node("Mul", ["g", "m"], ["gm"]),
        helper.make_node("ReduceSum", ["gm", "axis1"], ["s"], keepdims=0),
        helper.make_node("Add", ["s", "bias"], ["logits"]),
    ]
    ids = lambda n: helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"])  # noqa: E731
    graph = helper.make_graph(
        nodes, "toy_nli", [ids("input_ids"), ids("attention_mask"), ids("token_type_ids")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", width])],
        initializer=[numpy_helper.from_array(emb, "emb"), numpy_helper.from_array(bias, "bias"),
                     numpy_helper.from_array(np.array([2], np.int64), "axis2"),
                     numpy_helper.from_array(np.array([1], np.int64), "axis1")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(folder / "model.onnx"))
    (folder / "config.json").write_text(json.dumps({"id2label": {str(i): n.upper() for i, n in enumerate(labels)}}))
    return folder
