"""Fitting on train: sentence labels from summary labels, synthetic pairs, thresholds-only CV."""

from __future__ import annotations

import random

import numpy as np

from pipeline.engines.embedded import lexicon
from pipeline.engines.embedded.fit import fit_logistic_signed
from pipeline.evidence.lexical import lemma
from pipeline.evaluate import evaluate
from training.pairs import antonym_swap, sentence_pairs, synthetic_pairs

PREMISE = "The council approved the budget on Monday. Taxes rose by 3 percent in Springfield this year."


def _rec(h, label):
    return {"premise": PREMISE, "hypothesis": h, "label": label, "source": "summedits", "id": "summedits:news:x"}


def test_sentence_labels_from_an_edited_summary():
    ok = "The council approved the budget. Taxes rose by 3 percent."
    edited = "The council approved the budget. Taxes fell by 3 percent."
    two_new = "The mayor rejected the budget. Taxes fell sharply."
    pairs = {(p.sentence, p.supported) for p in sentence_pairs([_rec(ok, "consistent"), _rec(edited, "inconsistent"),
                                                                 _rec(two_new, "inconsistent")])}
    assert ("The council approved the budget.", True) in pairs
    assert ("Taxes rose by 3 percent.", True) in pairs
    assert ("Taxes fell by 3 percent.", False) in pairs  # the one new sentence of an inconsistent summary
    assert not any(s.startswith(("The mayor", "Taxes fell sharply")) for s, _ in pairs)  # which one is wrong: unknown


def test_synthetic_pairs_come_from_the_premise_and_swap_opposites():
    swapped = antonym_swap("Taxes rose by 3 percent.", random.Random(0))
    assert swapped and lemma(swapped.split()[1]) in lexicon.opposites(lemma("rose"))
    pairs = sentence_pairs([_rec("The council approved the budget.", "consistent")])
    syn = synthetic_pairs(pairs)
    assert syn and all(p.premise == PREMISE for p in syn)
    assert {p.supported for p in syn} == {True, False}


def test_signed_fit_keeps_prior_signs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] - X[:, 1] + rng.normal(size=400) > 0).astype(float)
    X[:, 2] = -X[:, 0] + 0.1 * rng.normal(size=400)  # collinear, would take the wrong sign
    model, kept = fit_logistic_signed(X, y, [1, -1, 1])
    assert all(s * c >= 0 for s, c in zip([[1, -1, 1][i] for i in kept], model.coef))


def test_cv_keeps_train_weights_and_picks_thresholds():
    recs = [{"source": "The council approved a budget of 12 million dollars on Monday.", "summary": s, "label": lab}
            for s, lab in (("The council approved a budget.", "consistent"),
                           ("The council rejected a budget of 40 million dollars.", "inconsistent"))]
    recs = [dict(r, source=r["source"] + f" Item {i}.") for i in range(3) for r in recs]
    res = evaluate(recs, cv=2)
    assert res["weights"].startswith("shipped (fitted on train)")
    assert res["split"] == "grouped 2-fold CV by article"


def test_variant_selection_and_aggregations():
    from pipeline.engines.embedded.score import aggregate
    from training.pairs import select_records

    ref = {"id": "fib:xsum:factcc:dateswp:1:correct", "source": "fib", "domain": "news_xsum", "label": "consistent"}
    model = dict(ref, id="fib:xsum:factually_consistent-model_generated:x:1:distractor")
    other = {"id": "summedits:podcast:p", "source": "summedits", "domain": "podcast", "label": "consistent"}
    recs = [ref, model, other]
    assert select_records(recs, drop_xsum_refs=True) == [model, other]  # only the XSum references go
    assert select_records(recs, news_only=True) == [ref, model]
    p = [0.9, 0.1]
    assert aggregate(p) == 0.1 and abs(aggregate(p, "gmean") - 0.3) < 1e-9
    assert aggregate(p, "min") < aggregate(p, "blend") < aggregate(p, "gmean") and aggregate([], "gmean") == 1.0
