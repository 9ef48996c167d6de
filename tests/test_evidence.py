"""The evidence layer: built once per briefing, no model loaded unless something asks for vectors."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from pipeline.evidence import SourceEvidence
from pipeline.parse import parse_text

BRIEFING = parse_text(
    "2026-01-01: Headline: Port strike ends\n\nThe Story:\nDock workers in Rotterdam ended a 12-day strike on "
    "Monday after the union accepted a 6 percent raise.\n\nKey Points:\n- The strike lasted 12 days.\n",
    path="ev.txt",
)

# An OpenAI-compatible run of the seed, replayed from its cassette (tests/test_llm_cassettes.py),
# in a fresh interpreter so that nothing an earlier test imported counts.
# Whether the embedding model was read (pipeline/evidence/embed.py loads it at first use).
_PROBE = """
def _loaded():
    mod = sys.modules.get("pipeline.evidence.embed")
    return bool(mod and mod._model.cache_info().currsize)
"""

_OPENAI_RUN = """
import json, sys
""" + _PROBE + """
sys.path[:0] = ["tests", "scripts"]
import test_llm_cassettes as t
from pipeline.checker import check_briefing
from pipeline.parse import parse_file
name = next(n for n, e in t.MANIFEST["cassettes"].items() if e["kind"] == "pipeline"
            and e["briefing"].endswith("000_041345f959c62141.txt"))
with t.vcr_config("none").use_cassette(name):
    engine = t.replay_engine()
    report = check_briefing(parse_file(t.MANIFEST["cassettes"][name]["briefing"]), engine)
    engine.close()
print(json.dumps({"claims": len(report.claims), "engine": report.engine, "matrix": len(report.matrix.scores),
                  "wordllama": sorted(m for m in sys.modules if m.startswith("wordllama")),
                  "loaded": _loaded()}))
"""


def test_an_openai_run_does_not_load_the_embedding_model(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "BRIEFCHECK_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _OPENAI_RUN], capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["engine"].startswith("openai:") and got["claims"] > 0 and got["matrix"] > 0
    assert got["wordllama"] == [] and got["loaded"] is False


def test_an_embedded_run_does_load_it(tmp_path):
    """The check above can fail: the same probe sees the model when the embedded engine runs."""
    code = ("import sys\n" + _PROBE + "from pipeline.checker import check_file\ncheck_file('seeds/019_clean.txt')\n"
            "print(_loaded())")
    env = {"PATH": "/usr/bin:/bin", "BRIEFCHECK_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True"


def test_novel_specifics_are_figures_and_names_the_source_never_writes():
    ev = SourceEvidence(BRIEFING)
    assert ev.novel_specifics("The strike lasted 12 days in Rotterdam.") == []
    assert ev.novel_specifics("The strike lasted 14 days in Antwerp.") == ["14", "antwerp"]


def test_word_similarity_needs_no_model():
    ev = SourceEvidence(BRIEFING)
    sim = ev.similarity(["dock workers ended the strike", "tulips bloom"], ["Dock workers ended a strike"])
    assert sim.shape == (2, 1) and sim[0, 0] > 0.5 and sim[1, 0] == 0.0


def test_derived_is_built_once_per_evidence():
    ev, calls = SourceEvidence(BRIEFING), []
    first = ev.derived("k", lambda: calls.append(1) or object())
    assert ev.derived("k", lambda: calls.append(1) or object()) is first and calls == [1]
    assert SourceEvidence(BRIEFING).derived("k", lambda: "fresh") == "fresh"  # nothing shared across briefings


def _imports_of(path):
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = path.relative_to(ROOT).with_suffix("").parts
    base = list(parts[:-1]) if parts[-1] != "__init__" else list(parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                up = base[: len(base) - node.level + 1]
                mod = ".".join(up + ([mod] if mod else []))
            yield from ([mod] + [f"{mod}.{a.name}" for a in node.names])
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def test_only_the_engine_factory_reaches_into_the_embedded_engine():
    """Stages, the evidence layer and the commands use engines through get_engine / the Engine
    protocol; only engines/__init__.py (get_engine, evaluate) constructs the embedded engine."""
    offenders = []
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("pipeline/engines/embedded/") or rel == "pipeline/engines/__init__.py":
            continue
        if any(m.startswith("pipeline.engines.embedded") for m in _imports_of(path)):
            offenders.append(rel)
    assert offenders == []


def test_the_evidence_layer_imports_no_engine_or_stage():
    for path in sorted((ROOT / "pipeline" / "evidence").glob("*.py")):
        deps = {m for m in _imports_of(path) if m.startswith("pipeline.")}
        assert all(m.startswith(("pipeline.evidence", "pipeline.models", "pipeline.textspan")) for m in deps), (path, deps)
