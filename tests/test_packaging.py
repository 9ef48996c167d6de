"""What a fresh clone and an installed package hold (issue 14): every subpackage is packaged, the
labelled example the README uses is in the repository, and no dev or train data is in either."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).parent.parent

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_packaged():
    listed = set(_setuptools()["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_no_eval_or_train_data_is_packaged():
    data = _setuptools()["package-data"]
    assert all(not p.endswith(".jsonl") for pats in data.values() for p in pats)
    assert not list((ROOT / "pipeline").rglob("*.jsonl"))


def test_the_labelled_example_is_ours_and_well_formed():
    lines = (ROOT / "examples" / "labelled.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(x) for x in lines]
    assert 15 <= len(records) <= 40
    assert {r["label"] for r in records} == {"consistent", "inconsistent"}
    assert all(r["id"].startswith("example-") for r in records)
    for r in records:
        for s in r["sentence_labels"]:
            assert r["summary"][s["start"]:s["end"]] == s["sentence"]
    # written for the project: no record shares its source with the shared dev or train data
    for name in ("eval/dev.jsonl", "train"):
        shared = ROOT.parent / "shared" / name
        files = [shared] if shared.is_file() else sorted(shared.glob("*.jsonl")) if shared.is_dir() else []
        for f in files:
            theirs = f.read_text(encoding="utf-8", errors="replace")
            assert not any(r["source"][:80] in theirs for r in records), f
