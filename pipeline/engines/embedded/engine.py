"""The embedded default engine: offline, deterministic, no LLM.

Its verdicts come from an ordered table of named rules (rules.py): off-topic checks first, then
the flips and swaps that contradict the source, then the figures and names the source lacks; the
first rule that fires decides, and a claim no rule fires on is supported. Each verdict names its
rule and leaves a rationale a reader can check.

Why a low score alone does not make a claim unsupported here: the score measures lexical support
against the source. A briefing's story is a few sentences, so faithful bullets that carry detail
from the full article score low (seed Key Points 0.08-0.87), while invented but plausible bullets
score no lower (0.32-0.45 for invented bullets on the seed story). Flagging on the score would
fill the review queue with noise without catching the inventions; new figures, new names in a
known slot and flips are what this engine can check. (`briefcheck eval` measures the score on
article/summary pairs, where it does carry signal.)
"""

from __future__ import annotations

import functools

from ... import settings
from ...evidence import SourceEvidence
from ...models import Briefing, CheckedClaim, Claim, Evidence, Usage, Verdict
from . import nli
from .context import ClaimContext, NLISettings, as_written, name_phrases
from .rules import RULES, first_finding
from .scored import scored_index
from .specifics import has_specifics, novel_names
from .split import split_claims


def _quote(span) -> Evidence:
    return Evidence(text=span.text, start=span.start, end=span.end)


@functools.lru_cache(maxsize=1)
def _limits() -> str:
    # read once per process, not once per briefing of a batch
    from importlib import resources

    return resources.files("pipeline.data").joinpath("embedded_limits.txt").read_text(encoding="utf-8").strip()


class EmbeddedEngine:
    name = "embedded"
    embeds = True  # the scorer embeds every claim: the evidence may measure similarity with it

    @property
    def limits(self) -> str:
        """What this engine cannot judge, said in every report's header (pipeline/data)."""
        return _limits()

    @property
    def digest_cut(self) -> float:
        """The score a supported claim needs to be printed in the digest (weights.json)."""
        from .score import load_weights

        return load_weights().digest_threshold

    def __init__(self, nli=None, rules=RULES):
        """``nli``: an optional NLIModel consulted by the rules that need one (see nli.py);
        ``rules``: the table to walk (tests and the eval measure it as shipped)."""
        self.nli = nli
        self.rules = list(rules)
        if nli is not None:
            self.name = "embedded+nli"
            # the cuts (BRIEFCHECK_NLI_ENTAILMENT / _CONTRADICTION, default 0.5); `eval --nli-model
            # --cv K` fits the first per fold
            cfg = settings.load()
            self.nli_entailment, self.nli_contradiction = cfg.nli_entailment, cfg.nli_contradiction

    def extract(self, briefing: Briefing, usage: Usage) -> list[Claim]:
        return split_claims(briefing)

    def check(self, briefing: Briefing, claims: list[Claim], usage: Usage, evidence: SourceEvidence) -> list[Verdict]:
        from .score import load_weights

        threshold = load_weights().threshold
        scored = scored_index(evidence).score_many([c.text for c in claims])
        return [self._judge(c, s, threshold, scored_index(evidence).index).model_copy(
                    update={"specifics": has_specifics(s, c.text)})
                for c, s in zip(claims, scored)]

    def verify_bullets(self, evidence: SourceEvidence, bullets: list[str]) -> list[bool]:
        """A bullet holds when its support score reaches the threshold and it brings no number,
        date or name the source lacks."""
        from .score import load_weights

        threshold = load_weights().threshold
        scored = scored_index(evidence).score_many(bullets)
        return [sc.probability >= threshold and not has_specifics(sc, b) for b, sc in zip(bullets, scored)]

    def judge_scored(self, index, sentences: list[str], scored: list) -> list[Verdict]:
        """Verdicts for sentences already scored against ``index``, each checked as a summary
        claim (the eval command measures the verdict rules on annotated summary sentences)."""
        from .score import load_weights

        claims = [Claim(id=f"s{i}", section="Summary", role="summary", text=t, start=0, end=max(1, len(t)))
                  for i, t in enumerate(sentences)]
        return [self._judge(c, sc, load_weights().threshold, index) for c, sc in zip(claims, scored)]

    def _judge(self, claim: Claim, s, threshold: float, index) -> Verdict:
        nli_settings = NLISettings(self.nli, self.nli_entailment, self.nli_contradiction) if self.nli else None
        c = ClaimContext(claim, s, index, nli_settings)
        hit = first_finding(c, self.rules)
        if hit:
            rule, found = hit
            return Verdict(claim_id=claim.id, label=rule.verdict, score=round(found.score, 4),
                           evidence=_quote(s.evidence if found.span is None else found.span), rationale=rule.rationale_for(found), rule=rule.name)
        return self._supported(c, threshold)

    @staticmethod
    def _supported(c: ClaimContext, threshold: float) -> Verdict:
        """No rule fired: the rationale says how much of the claim the source states."""
        p, s, text = c.p, c.scored, c.text
        ev = s.evidence
        if c.nli is not None:
            ev, why = c.nli_judgement[2], f"Entailed by the source (NLI entailment {c.nli_judgement[0]:.2f})."
        elif p < threshold:
            beyond = name_phrases(text, as_written(text, novel_names(s, text)))
            beyond += [w for w in as_written(text, s.novel_words) if w not in " ".join(beyond)]
            missing = f"; the story never mentions: {', '.join(beyond[:4])}" if beyond else ""
            why = f"No conflict with the story, which states only part of it (support {p:.2f}){missing}."
        else:
            why = f"Backed by the source (support score {p:.2f})."
        return Verdict(claim_id=c.claim.id, label="supported", score=round(p, 4), evidence=_quote(ev), rationale=why)

    def digest(
        self, briefing: Briefing, claims: list[CheckedClaim], max_bullets: int, max_words: int, usage: Usage
    ) -> list[str]:
        """Extractive: supported claims ranked by centrality (similarity to the other supported
        claims and to the story), summary sections first, near-duplicates dropped."""
        from ...evidence.embed import cosine, embed

        if not claims:
            return []
        vecs = embed([c.text for c in claims])
        sim = cosine(vecs, vecs)
        centrality = sim.mean(axis=1)
        order = sorted(range(len(claims)), key=lambda i: (claims[i].role != "summary", -centrality[i], i))
        chosen: list[int] = []
        for i in order:
            if all(sim[i, j] < 0.85 for j in chosen):
                chosen.append(i)
        return [claims[i].text for i in chosen[: max_bullets * 2]]

    def close(self) -> None:
        pass
