"""The conservative digest: only claims at or above the digest cut, doubtful ones counted apart;
the shipped weights are fitted on train."""

from __future__ import annotations

from pathlib import Path

from pipeline.digest import digest, select
from pipeline.engines.embedded.engine import EmbeddedEngine
from pipeline.engines.embedded.score import load_weights
from pipeline.models import CheckedClaim, Usage
from pipeline.parse import parse_file

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_041345f959c62141.txt"


class _Echo(EmbeddedEngine):
    """The embedded engine with a digest that is its claims' texts, in order."""

    def digest(self, briefing, claims, max_bullets, max_words, usage):
        return [c.text for c in claims]


def _claim(i, text, score, verdict="supported", flagged=False):
    return CheckedClaim(id=f"c{i}", section="Key Points", role="summary", text=text, start=0, end=len(text),
                        verdict=verdict, score=score, evidence=None, rationale="r", flagged=flagged)


def test_weights_fitted_on_train_with_a_digest_cut():
    w = load_weights()
    assert w.provenance["fitted_on"].startswith("train")
    assert "dev" not in w.provenance["fitted_on"]
    assert w.threshold < w.digest_threshold < 1.0
    assert 0.8 <= w.provenance["digest"]["dev_precision_at_cut"] <= 1.0


def test_select_splits_confident_from_doubtful():
    cut = load_weights().digest_threshold
    claims = [_claim(0, "a", min(1.0, cut + 0.05)), _claim(1, "b", max(0.0, cut - 0.05)),
              _claim(2, "c", 0.99, verdict="contradicted", flagged=True)]
    confident, doubtful = select(claims, cut)
    assert [c.id for c in confident] == ["c0"] and [c.id for c in doubtful] == ["c1"]


def test_digest_drops_a_low_score_claim_and_counts_it_doubtful():
    briefing = parse_file(SEED)
    cut = load_weights().digest_threshold
    good = "President Lee Jae Myung is meeting with Prime Minister Sanae Takaichi in Nara City, Japan on January 13, 2026."
    weak = "The leaders will likely discuss the denuclearization of the Korean Peninsula."
    claims = [_claim(0, good, min(1.0, cut + 0.1)), _claim(1, weak, cut / 2),
              _claim(2, "Bitcoin ETFs hold value.", 0.0, verdict="off_topic", flagged=True)]
    d = digest(briefing, claims, _Echo(), Usage())
    assert d.bullets == [good]
    assert d.held_back == 1 and d.doubtful == 1
    assert "1 claim(s) held back as doubtful" in d.note and "1 claim(s) held back for review" in d.note
