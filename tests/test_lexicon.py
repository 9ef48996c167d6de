"""The WordNet lexicon (pipeline/data/opposites.json) and its loader."""

from __future__ import annotations

import pytest

from pipeline.engines.embedded import cues, lexicon
from pipeline.evidence.lexical import STOPWORDS, lemma


@pytest.mark.parametrize("a,b", [("won", "lost"), ("win", "lose"), ("rose", "fell"), ("rise", "fall"),
                                 ("approved", "rejected"), ("continues", "ended"), ("increased", "decreased"),
                                 ("higher", "lower"), ("acquitted", "convicted"), ("victory", "defeat")])
def test_outcome_reversals_both_ways(a, b):
    assert lemma(b) in lexicon.opposites(lemma(a))
    assert lemma(a) in lexicon.opposites(lemma(b))


def test_symmetric_and_no_stopword_keys():
    table = lexicon.table()
    assert len(table) > 5000
    for k, vs in list(table.items())[::97]:
        assert k not in STOPWORDS and k not in vs
        assert all(k in table[v] for v in vs)


def test_unknown_word_and_copy():
    assert lexicon.opposites("zzzz") == frozenset()
    t = lexicon.table()
    t[lemma("won")].clear()
    assert lemma("lost") in lexicon.opposites(lemma("won"))  # table() is a copy


def test_provenance_names_wordnet_licence():
    prov = lexicon.provenance()
    assert "WordNet" in prov["source"] and "Princeton" in prov["licence"]
    assert prov["keys"] == len(lexicon.table())


def test_cues_read_the_lexicon_and_catch_a_paraphrased_reversal():
    """The issue's example: 'ended their search' under 'Search Continues'."""
    claim, evidence = "Rescue teams have ended their search.", "Rescue teams continue their search for survivors."
    assert cues.opposites("win") == lexicon.opposites("win")
    assert cues.antonym_flip(claim, evidence) is not None
    assert cues.antonym_flip("Rescue teams continue their search.", evidence) is None
