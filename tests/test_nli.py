"""A user's own ONNX NLI model (--nli-model): label mapping, verdicts, failures, CLI and eval."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import nli_toy
from pipeline.checker import check_briefing
from pipeline.cli import cli
from pipeline.engines.embedded.engine import EmbeddedEngine
from pipeline.engines.embedded.nli import NLIModel, label_columns
from pipeline.errors import NLIError
from pipeline.engines.embedded.evaluate_nli import evaluate_nli
from pipeline.parse import parse_text

STORY = ("The harbour council approved a budget of 12 million euros for two new electric ferries on Monday. "
         "The ferries will enter service in 2028 and replace three diesel boats. "
         "Mayor Ines Vale said the vote was unanimous.")
BRIEFING = f"""Mon Nov 30 10:00:00 UTC 2026: Headline: Harbour council approves ferry budget
The Story:
{STORY}
Key Points:
- The harbour council approved a budget for two new electric ferries on Monday.
- The ferries will be built by a shipyard abroad.
- Contrary to the vote, the council approved the ferries.
Critical Analysis:
The electric ferries will replace three diesel boats.
"""


@pytest.fixture
def toy(tmp_path):
    return nli_toy.build(tmp_path / "nli", STORY + " Harbour council approves ferry budget")


def _by_text(report):
    return {c.text: c for c in report.claims}


def test_label_columns_read_by_name():
    assert label_columns({"0": "CONTRADICTION", "1": "NEUTRAL", "2": "ENTAILMENT"}) == \
        {"contradiction": 0, "neutral": 1, "entailment": 2}
    assert label_columns({"0": "entailment", "1": "not_entailment"}) == {"entailment": 0, "neutral": 1}
    with pytest.raises(ValueError, match="no entailment label"):
        label_columns({"0": "positive", "1": "negative"})


@pytest.mark.parametrize("labels", [("entailment", "neutral", "contradiction"), ("contradiction", "neutral", "entailment")])
def test_verdicts_follow_the_model(tmp_path, labels):
    folder = nli_toy.build(tmp_path / "m", STORY + " Harbour council approves ferry budget", labels=labels)
    briefing = parse_text(BRIEFING, "toy.txt")
    report = check_briefing(briefing, EmbeddedEngine(nli=NLIModel(folder)))
    assert report.engine == "embedded+nli"
    claims = _by_text(report)
    ok = claims["The harbour council approved a budget for two new electric ferries on Monday."]
    assert ok.verdict == "supported" and not ok.flagged and "NLI entailment" in ok.rationale
    new = claims["The ferries will be built by a shipyard abroad."]
    assert new.verdict == "unsupported" and new.flagged and "NLI model" in new.rationale
    flip = claims["Contrary to the vote, the council approved the ferries."]
    assert flip.verdict == "contradicted" and flip.flagged and "NLI model" in flip.rationale
    analysis = claims["The electric ferries will replace three diesel boats."]
    assert analysis.verdict == "supported" and not analysis.flagged
    # the two NLI rules of the table, each firing on one claim and on neither of the others
    assert (new.rule, flip.rule, ok.rule, analysis.rule) == ("nli_not_entailed", "nli_contradiction", None, None)
    for c in report.claims:  # every quote is the source's own text at its offsets
        assert briefing.text[c.evidence.start : c.evidence.end] == c.evidence.text


def test_model_scores_are_probabilities(toy):
    probs = NLIModel(toy).probabilities([(STORY, "The vote was unanimous."), (STORY, "Contrary to the mayor.")])
    assert probs.shape == (2, 2) and ((probs >= 0) & (probs <= 1)).all()
    assert probs[0, 0] > 0.5 and probs[1, 1] > 0.5


def test_broken_model_gives_error_verdicts_not_passes(tmp_path):
    folder = nli_toy.build(tmp_path / "bad", STORY, logits_width=1)  # config says 3 labels, model gives 1
    report = check_briefing(parse_text(BRIEFING, "toy.txt"), EmbeddedEngine(nli=NLIModel(folder)))
    assert report.claims and all(c.verdict == "error" and c.flagged for c in report.claims)
    assert "NLI model" in report.claims[0].rationale and "shape" in report.claims[0].rationale


def test_folder_missing_files(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NLIError, match="missing model.onnx, tokenizer.json, config.json"):
        NLIModel(tmp_path / "empty")


def test_cli_check_with_nli_model(toy, tmp_path):
    path = tmp_path / "toy.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--nli-model", str(toy)])
    assert result.exit_code == 1, result.output  # flagged claims
    verdicts = {c["text"]: c["verdict"] for c in json.loads(result.output)["claims"]}
    assert verdicts["Contrary to the vote, the council approved the ferries."] == "contradicted"


def test_cli_unusable_model_folder_is_one_line_usage_error(tmp_path):
    (tmp_path / "nomodel").mkdir()
    path = tmp_path / "toy.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--nli-model", str(tmp_path / "nomodel")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "nomodel" in lines[0] and "missing model.onnx" in lines[0], result.output
    assert "Traceback" not in result.output


def _records():
    recs = []
    for i in range(12):
        source = f"Report {i}. " + STORY
        good = i % 2 == 0
        summary = "The ferries will replace three diesel boats." if good else "The ferries will sail to Oslo every week."
        recs.append({"id": str(i), "source": source, "summary": summary, "label": "consistent" if good else "inconsistent"})
    return recs


def test_eval_with_nli_model(tmp_path):
    folder = nli_toy.build(tmp_path / "m", "report " + " ".join(str(i) for i in range(12)) + " " + STORY)
    model = NLIModel(folder)
    at_threshold = evaluate_nli(_records(), model, threshold=0.5)
    assert at_threshold["balanced_accuracy"] == 1.0 and at_threshold["n"] == 12
    cv = evaluate_nli(_records(), model, threshold=0.5, cv=2)
    assert cv["balanced_accuracy"] == 1.0 and len(cv["fold_thresholds"]) == 2
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _records()))
    result = CliRunner().invoke(cli, ["eval", str(data), "--nli-model", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["balanced_accuracy"] == 1.0


def test_bad_threshold_setting_is_one_line_usage_error(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_NLI_ENTAILMENT", "high")
    path = tmp_path / "toy.txt"
    path.write_text(BRIEFING, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--nli-model", str(toy)])
    assert result.exit_code == 2 and "BRIEFCHECK_NLI_ENTAILMENT" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_fixed_batch_and_length_exports_are_padded_to(tmp_path, monkeypatch):
    """An export that takes exactly [4, 24] tokens still scores 1, 5 or 9 pairs."""
    import onnx

    folder = nli_toy.build(tmp_path / "fixed", STORY)
    model = onnx.load(str(folder / "model.onnx"))
    for inp in model.graph.input:
        dims = inp.type.tensor_type.shape.dim
        dims[0].dim_value, dims[1].dim_value = 4, 24
    onnx.save(model, str(folder / "model.onnx"))
    m = NLIModel(folder)
    assert m._batch == 4
    for n in (1, 5, 9):
        probs = m.probabilities([(STORY, f"The vote was unanimous {i}.") for i in range(n)])
        assert probs.shape == (n, 2)


def test_memo_is_bounded(toy, monkeypatch):
    import pipeline.engines.embedded.nli as nli_mod

    monkeypatch.setattr(nli_mod, "MEMO_SIZE", 3)
    m = NLIModel(toy)
    probs = m.probabilities([(STORY, f"Claim number {i}.") for i in range(40)])
    assert probs.shape == (40, 2) and len(m._memo) <= 3 + nli_mod.BATCH
