"""The learned word risk: fitted from counts, cross-fitted for the logistic fit, read by the scorer."""

from __future__ import annotations

import math

from pipeline.engines.embedded import word_risk
from pipeline.engines.embedded.score import SourceIndex
from training import word_risk as learn
from training.pairs import Pair


def test_risk_is_the_shrunk_log_odds_above_the_base_rate():
    # 4 supported pairs, 4 unsupported: base odds 1, so a word added equally often on both sides is 0
    labels = [True, True, True, True, False, False, False, False]
    added = [["said"], ["said"], [], [], ["said"], ["said"], ["london"], ["london"]]
    table = learn.fit(labels, added, shrink=2.0)
    assert table["said"] == 0.0
    assert math.isclose(table["london"], math.log((2 + 1) / (0 + 1)), abs_tol=1e-3)
    assert learn.risk_of(["said", "london"], table) == table["london"]
    assert learn.risk_of([], table) == 0.0
    assert learn.risk_of(["london", "london"], table, how="sum") == 2 * table["london"]


def test_cross_fitted_values_never_come_from_their_own_premise():
    # one premise per pair: a pair's value is fitted on the others, so a word seen only in it scores 0
    pairs = [Pair(f"Premise number {i}.", "Claim.", i % 2 == 0, "train", "fib") for i in range(10)]
    added = [["only%d" % i] for i in range(10)]
    out = learn.cross_fitted(pairs, added, [True] * 10)
    assert list(out) == [0.0] * 10


def test_the_shipped_table_is_fitted():
    table = word_risk.table()
    assert len(table) > 1000 and all(math.isfinite(v) for v in table.values())
    assert table["london"] > 1.0 > 0 > table["highlight"]  # an invented place, a word of rephrasing


def test_the_scorer_reads_the_riskiest_added_word():
    idx = SourceIndex("The council approved the budget on Monday after a long debate.")
    s = idx.score("The council in London approved the budget on Monday.")
    assert "london" in s.novel_words
    assert s.features["novel_word_risk"] == word_risk.risk(s.novel_words) == word_risk.table()["london"]
    assert idx.score("The council approved the budget on Monday.").features["novel_word_risk"] == 0.0
