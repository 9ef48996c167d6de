"""Embedded scorer: offsets, specifics, probabilities, shipped weights, evaluate()."""

from __future__ import annotations

import json
import math

import pytest

from pipeline.engines.embedded.fit import balanced_accuracy, best_threshold, fit_logistic, grouped_folds
from pipeline.evidence.lexical import analyse, normalise_number
from pipeline.engines.embedded.score import (
    FEATURES,
    SourceIndex,
    baseline_score,
    load_weights,
    summary_score,
)
from pipeline.errors import BadInput
from pipeline.engines.embedded.evaluate import evaluate
from pipeline.evaluate import load_records

SOURCE = (
    "The city council approved a budget of 12 million dollars on Tuesday. "
    "Mayor Anna Keller said the money would repair 40 bridges across the region.\n"
    "Opposition members did not support the plan. "
    "Work on the first bridges is expected to start in March."
)


@pytest.fixture(scope="module")
def index():
    return SourceIndex(SOURCE)


def test_evidence_offsets_slice_back(index):
    for claim in ["Mayor Anna Keller said the money would repair 40 bridges.", "Work starts in March.",
                  "Totally unrelated sentence about football."]:
        s = index.score(claim)
        assert SOURCE[s.evidence.start : s.evidence.end] == s.evidence.text
        assert s.evidence.text


def test_evidence_finds_the_right_sentence(index):
    s = index.score("Keller said the money would repair 40 bridges.")
    assert "Anna Keller" in s.evidence.text


def test_copied_claim_beats_swapped_number_and_name(index):
    copied = "Mayor Anna Keller said the money would repair 40 bridges across the region."
    number = "Mayor Anna Keller said the money would repair 75 bridges across the region."
    name = "Mayor John Porter said the money would repair 40 bridges across the region."
    a, b, c = index.score_many([copied, number, name])
    assert a.probability > b.probability
    assert a.probability > c.probability
    assert b.novel_numbers == ["75"] and not a.novel_numbers
    assert "porter" in c.novel_names


def test_novel_numbers_finds_47_when_source_says_12():
    idx = SourceIndex("Police said 12 people were hurt in the crash on Friday.")
    s = idx.score("Police said 47 people were hurt in the crash.")
    assert s.novel_numbers == ["47"]
    assert idx.score("Police said twelve people were hurt.").novel_numbers == []


def test_number_normalisation():
    assert normalise_number("1,000") == "1000"
    assert normalise_number("five") == "5"
    assert normalise_number("16th") == "16"
    assert analyse("It rose 12% to $1,000.").numbers == ["12", "1000"]


def test_sentence_initial_capitals_are_not_names():
    assert analyse("Potential areas include trade.").names == []
    assert set(analyse("North Korea fired a missile, the U.S. said.").names) == {"north", "korea", "us"}


def test_probability_in_unit_interval(index):
    claims = ["", "   ", "12", "The council approved a budget.", "Bitcoin ETFs will soar 900% by 2031.",
              "x" * 500]
    for s in index.score_many(claims):
        assert 0.0 <= s.probability <= 1.0 and not math.isnan(s.probability)
        assert all(not math.isnan(v) for v in s.features.values())
        assert not math.isnan(s.topic_similarity) and not math.isnan(s.evidence_similarity)


def test_off_topic_claim_has_lower_topic_similarity(index):
    on, off = index.score_many(["The council budget will repair bridges.",
                                "Bitcoin ETFs hold long term value for investors."])
    assert on.topic_similarity > off.topic_similarity + 0.2


def test_weights_load_and_match_features():
    w = load_weights()
    assert w.features == FEATURES
    assert len(w.coef) == len(w.mean) == len(w.scale) == len(FEATURES)
    assert 0.0 < w.threshold < 1.0
    assert w.aggregation == "min"
    assert "balanced_accuracy" in w.provenance["cv"] and "command" in w.provenance


def test_summary_score_uses_worst_sentence(index):
    good = "The council approved a budget of 12 million dollars."
    bad = "Mayor Anna Keller resigned after 47 protesters stormed Paris."
    p_good, _ = summary_score(index, good)
    p_both, scored = summary_score(index, good + " " + bad)
    assert len(scored) == 2
    assert p_both == min(s.probability for s in scored) < p_good


def test_baseline_score():
    assert baseline_score(SOURCE, "The council approved a budget.") == 1.0
    assert baseline_score(SOURCE, "The council approved a budget. Penguins dance wildly.") == 0.0


def _toy_records():
    rows = []
    for i, (summary, label) in enumerate([
        ("The council approved a budget of 12 million dollars.", "consistent"),
        ("Mayor Anna Keller said 40 bridges would be repaired.", "consistent"),
        ("Work on the bridges is expected to start in March.", "consistent"),
        ("The council rejected a budget of 90 million dollars.", "inconsistent"),
        ("Mayor John Porter said 400 schools would close.", "inconsistent"),
        ("Work on the tunnels began in Paris last October.", "inconsistent"),
    ]):
        src = SOURCE if i % 2 == 0 else SOURCE.replace("Tuesday", "Monday")
        rows.append({"source": src, "summary": summary, "label": label})
    return rows


def test_evaluate_returns_keys():
    recs = _toy_records()
    res = evaluate(recs)
    for key in ("n", "balanced_accuracy", "threshold", "recall", "baseline_balanced_accuracy",
                "seconds_per_record", "split"):
        assert key in res
    assert res["n"] == 6 and set(res["recall"]) == {"consistent", "inconsistent"}
    assert res["split"].startswith("shipped weights")
    assert res["balanced_accuracy"] >= 0.5  # clear-cut toy errors
    cv = evaluate(recs, cv=2)
    assert cv["split"] == "grouped 2-fold CV by article" and cv["n"] == 6
    assert evaluate(recs, limit=3)["n"] == 3


def test_load_records_reports_bad_line(tmp_path):
    p = tmp_path / "data.jsonl"
    good = json.dumps({"source": "a", "summary": "b", "label": "consistent"})
    p.write_text(good + "\n" + good + "\n{not json\n", encoding="utf-8")
    with pytest.raises(BadInput) as e:
        load_records(p)
    assert "line 3" in str(e.value)
    p.write_text(good + "\n" + json.dumps({"source": "a", "summary": "b", "label": "maybe"}) + "\n")
    with pytest.raises(BadInput, match="line 2"):
        load_records(p)
    with pytest.raises(BadInput, match="no such file"):
        load_records(tmp_path / "missing.jsonl")
    assert len(load_records(_write(tmp_path, [good, good]))) == 2


def _write(tmp_path, lines):
    p = tmp_path / "ok.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_fit_tools():
    import numpy as np

    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    m = fit_logistic(X, y, l2=0.1)
    p = m.predict(X)
    assert p[0] < 0.5 < p[-1]
    t = best_threshold(p, y)
    assert balanced_accuracy(y, p >= t) == 1.0
    folds = grouped_folds(["a", "a", "b", "c", "c", "d"], 3)
    seen = sorted(i for f in folds for i in f)
    assert seen == list(range(6))
    assert any(set(f) >= {0, 1} for f in folds) and any(set(f) >= {3, 4} for f in folds)
    assert [list(f) for f in grouped_folds(["a", "a", "b", "c", "c", "d"], 3, seed=0)] == [list(f) for f in folds]
    for seed in (1, 2):  # other seeds: other splits, still grouped
        other = grouped_folds(["a", "a", "b", "c", "c", "d"], 3, seed=seed)
        assert sorted(i for f in other for i in f) == list(range(6))
        assert any(set(f) >= {0, 1} for f in other) and any(set(f) >= {3, 4} for f in other)


def test_the_engine_judges_claims_and_bullets_at_the_shipped_threshold(monkeypatch):
    """The threshold the engine applies is the shipped one: a claim scored p reads as backed when
    the threshold is at or below p, as partly stated above it, and a digest bullet is kept likewise."""
    import dataclasses
    from importlib import resources

    from pipeline.engines.embedded import score
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.evidence import SourceEvidence
    from pipeline.models import Claim, Usage
    from pipeline.parse import parse_text

    raw = json.loads(resources.files("pipeline.data").joinpath("weights.json").read_text(encoding="utf-8"))
    shipped = load_weights()
    assert 0.0 < shipped.threshold < 1.0 and shipped.threshold == pytest.approx(raw["threshold"])
    b = parse_text("Mon Mar 9 08:00:00 UTC 2026: Headline: Port strike ends\nThe Story:\nDock workers in Rotterdam "
                   "ended a strike on Monday after the union accepted a raise.\nKey Points:\n- Dock workers in "
                   "Rotterdam ended a strike after the union accepted a raise.\n", path="t.txt")
    text = "Dock workers in Rotterdam ended a strike after the union accepted a raise."
    claim = Claim(id="c1", section="Key Points", role="summary", text=text, start=0, end=len(text))
    engine, evidence = EmbeddedEngine(), SourceEvidence(b, embeddings=True)
    (v,) = engine.check(b, [claim], Usage(), evidence)
    assert v.label == "supported" and v.rule is None
    for t, backed in ((v.score - 0.001, True), (v.score + 0.001, False)):
        monkeypatch.setattr(score, "load_weights", lambda t=t: dataclasses.replace(shipped, threshold=t))
        (w,) = engine.check(b, [claim], Usage(), evidence)
        assert w.rationale.startswith("Backed by the source" if backed else "No conflict with the story"), (t, w)
        assert engine.verify_bullets(evidence, [text]) == [backed]


def test_engine_flags_new_figures_not_elaboration():
    """In a briefing, detail the short story lacks is supported (its rationale names what the story
    never mentions) while a new figure is unsupported: the score alone does not flag."""
    from pipeline.checker import check_briefing
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.parse import parse_text

    text = (
        "Mon Jan 12 17:15:42 UTC 2026: Headline: Leaders Meet in Nara\nThe Story:\n"
        "President Lee Jae Myung is holding a summit with Prime Minister Sanae Takaichi in Nara City.\n"
        "Key Points:\n- The leaders may discuss easing travel for business executives.\n"
        "- The summit will cost 40 million dollars.\n"
    )
    claims = {c.text: c for c in check_briefing(parse_text(text, "t.txt"), EmbeddedEngine()).claims}
    travel = claims["The leaders may discuss easing travel for business executives."]
    assert travel.verdict == "supported" and not travel.flagged and "never mentions" in travel.rationale
    cost = claims["The summit will cost 40 million dollars."]
    assert cost.verdict == "unsupported" and cost.flagged and "40" in cost.rationale


def test_flag_metrics_count_the_verdict_rules_on_annotated_sentences():
    from pipeline.engines.embedded.evaluate import featurise, flag_metrics
    from pipeline.engines.embedded.rules import RULES

    sents = [("The council approved a budget on Tuesday.", "supported"),
             ("The council approved a budget of 90 million dollars.", "unsupported"),  # a new figure
             ("Mayor John Porter said 400 schools would close.", "unsupported")]
    recs = [{"source": SOURCE, "summary": " ".join(s for s, _ in sents), "label": "inconsistent",
             "sentence_labels": [{"sentence": s, "label": lab} for s, lab in sents]},
            {"source": SOURCE, "summary": "x", "label": "consistent"}]  # no sentence labels: skipped
    m = flag_metrics(featurise(recs)[0])
    assert m["sentences"] == 3 and m["unsupported"] == 2
    assert m["by_verdict"]["supported"]["sentences"] >= 1  # the faithful one
    assert m["flagged"] == 2 and m["flagged_precision"] == 1.0 and m["flagged_recall"] == 1.0
    assert sum(v["sentences"] for v in m["by_verdict"].values()) == 3
    # per rule of the table, in order: the two flags are the rules' (one each), both right
    by_rule = m["by_rule"]
    assert list(by_rule) == [r.name for r in RULES]
    assert sum(v["fired"] for v in by_rule.values()) == 2
    assert all(v["precision"] == 1.0 for v in by_rule.values() if v["fired"])


def test_clock_times_and_round_word_amounts_are_not_new_figures():
    from pipeline.evidence.lexical import normalise_number
    from pipeline.engines.embedded.specifics import _vague_number

    assert normalise_number("03") == "3" and normalise_number("0") == "0" and normalise_number("2.50") == "2.5"
    assert _vague_number("100", "Well over a hundred thousand people are in relief camps.")
    assert not _vague_number("100", "Exactly 100 people are in relief camps.")


def test_a_day_of_the_month_is_not_the_figure_a_claim_gives():
    assert analyse("On May 12, 2026 the council voted 7-2.").quantities == ["7", "2"]
    assert analyse("On 12 May the council met.").quantities == []
    idx = SourceIndex("The Halden council voted on Tuesday, May 12, 2026, to raise the wage by 18 percent.")
    assert idx.score("At roughly 12 percent, the increase is modest.").novel_numbers == ["12"]
    assert idx.score("The vote came on May 12.").novel_numbers == []


def test_engine_flags_a_change_of_subject_and_a_figure_for_the_storys_quantity():
    from pipeline.checker import check_briefing
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.parse import parse_text

    text = (
        "Tue May 12 17:15:42 UTC 2026: Headline: Halden Raises Minimum Wage\nThe Story:\n"
        "The Halden City Council voted 7-2 on Tuesday, May 12, 2026, to raise the local minimum wage "
        "from 15.50 dollars to 18.25 dollars an hour, an increase of nearly 18 percent phased in over two years. "
        "The Chamber of Commerce warned that small restaurants might cut hours.\n"
        "Critical Analysis:\nAt roughly 12 percent, the increase is relatively modest for household budgets. "
        "Separately, the national football team named its squad for next month's qualifying matches. "
        "Meanwhile, the Chamber of Commerce warned that restaurants might cut hours.\n"
    )
    claims = {c.text: c for c in check_briefing(parse_text(text, "t.txt"), EmbeddedEngine()).claims}
    pct = claims["At roughly 12 percent, the increase is relatively modest for household budgets."]
    assert pct.verdict == "contradicted" and "18 percent" in pct.rationale and "18 percent" in pct.evidence.text
    assert claims["Separately, the national football team named its squad for next month's qualifying matches."
                  ].verdict == "off_topic"
    assert claims["Meanwhile, the Chamber of Commerce warned that restaurants might cut hours."].verdict == "supported"


def test_engine_flags_an_opposite_where_the_claim_only_partly_lines_up():
    from pipeline.checker import check_briefing
    from pipeline.engines.embedded.engine import EmbeddedEngine
    from pipeline.parse import parse_text

    text = (
        "Fri Mar 6 10:00:00 UTC 2026: Headline: Court Upholds Veridane Judgment\nThe Story:\n"
        "A federal appeals court on Thursday upheld a $1.2 billion antitrust judgment against Veridane Systems. "
        "The agency raised the alert level to its highest setting.\n"
        "Key Points:\n- The appeals court overturned the lower court's finding that Veridane's contracts were "
        "anticompetitive.\n"
        "Critical Analysis:\nTravellers face uncertainty until the agency lowers the alert level again.\n"
    )
    claims = {c.text: c for c in check_briefing(parse_text(text, "t.txt"), EmbeddedEngine()).claims}
    court = claims["The appeals court overturned the lower court's finding that Veridane's contracts were anticompetitive."]
    assert court.verdict == "contradicted" and "upheld" in court.rationale
    # what may happen later does not contradict what happened
    assert claims["Travellers face uncertainty until the agency lowers the alert level again."].verdict != "contradicted"
