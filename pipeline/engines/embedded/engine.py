"""The embedded default engine: offline, deterministic, no LLM.

verdict rules, in order (each leaves a rationale a reader can check):
  off_topic     instruction aimed at the checker, or far from the briefing's subject
  contradicted  close to a source sentence but flips a negation, an antonym, a figure or a name
  unsupported   brings numbers or dates the source lacks
  supported     otherwise; the score says how much of it the source states, and a rationale
                below the threshold names what the story never mentions

Why a low score alone does not make a claim unsupported here: the score measures lexical support
against the source. A briefing's story is a few sentences, so faithful bullets that carry detail
from the full article score low (seed Key Points 0.08-0.87), while invented but plausible bullets
score no lower (0.32-0.45 for invented bullets on the seed story). Flagging on the score would
fill the review queue with noise without catching the inventions; new figures, new names in a
known slot and flips are what this engine can check. (`briefcheck eval` measures the score on
article/summary pairs, where it does carry signal.)
"""

from __future__ import annotations

import math
import os
import re

from ...models import Briefing, CheckedClaim, Claim, Evidence, Usage, Verdict
from ...sources import novel_figures, novel_names, source_index
from . import cues, figure_match, figures, nli, relations
from .lexical import analyse, normalise_number
from .split import split_claims

# Cosine to the source centroid below which a claim has left the briefing's subject, when it
# also shares almost no content words with the source and brings names of its own. WordLlama
# cosines: seed bullets 0.3-0.6, the seed's Bitcoin sentence 0.00; short generic analysis
# sentences ("If he adapts quickly, the fee could look like good value") reach down to 0.05,
# so without new names only a near-zero cosine counts.
OFF_TOPIC_COSINE = 0.15
OFF_TOPIC_COSINE_NO_NAMES = 0.03
# ... and for an analysis sentence that neither speculates nor interprets (cues.interpretive):
# on-topic ones that flat sat at 0.13-0.25 in our briefing sets, off-topic ones at 0.04-0.06.
OFF_TOPIC_COSINE_FLAT = 0.10
OFF_TOPIC_MAX_OVERLAP = 0.34
# ... and whose words are far from the story's words even as word vectors (mean best cosine):
# off-topic sentences we wrote or were given score 0.14-0.29, while an on-topic analysis sentence
# at cosine 0.03 to the story ("Regulators may demand remedies such as slot divestments at
# shared airports", in an airline merger briefing) scores 0.36.
OFF_TOPIC_MAX_SOFT_COVERAGE = 0.33
# How close a claim must be to its evidence before a flip there counts as a contradiction.
ALIGNED_OVERLAP = 0.5


def _as_written(claim: str, keys: list[str], limit: int = 4) -> list[str]:
    """Normalised tokens ('fukushima', 'eas') shown as the claim wrote them ('Fukushima', 'easing')."""
    lx = analyse(claim)
    seen = {}
    for raw, tok, lem in zip(lx.raw, lx.tokens, lx.lemmas):
        seen.setdefault(tok, raw)
        seen.setdefault(lem, raw)
        seen.setdefault(normalise_number(tok) or tok, raw)
    return list(dict.fromkeys(seen.get(k, k) for k in keys[:limit]))


def _name_phrases(claim: str, names: list[str]) -> list[str]:
    """Widen each name to the run of capitalised words around it ('North' -> 'North Korea')."""
    out = []
    for name in names:
        m = re.search(rf"(?:[A-Z][\w.’'-]*\s+)*{re.escape(name)}(?:\s+[A-Z][\w.’'-]*)*", claim)
        out.append(m.group(0).rstrip(".") if m else name)
    out = list(dict.fromkeys(out))
    return [x for x in out if not any(x != y and x in y for y in out)]


# A claim about what may or will happen ("until the agency lowers the alert level") does not
# contradict what did happen unless it lines up with the source as a whole.
_CONDITIONAL = re.compile(r"\b(?:if|unless|until|will|would|could|may|might|should|likely)\b", re.I)
_RELATION_WORDS = {"beat": "beating", "sue": "suing", "buy": "buying"}
_FORECAST = re.compile(r"\b(?:will|would|projects?|projected|projections?|forecasts?|forecast|predicts?|predicted|"
                       r"expects?|expected|estimates? that|targets?|aims? to)\b", re.I)
# A claim splits into clauses at punctuation and at the conjunctions that join two statements.
_CLAUSE_SPLIT = re.compile(r"[,;:]\s+|\s+(?:because|while|whereas|although|though|but|as|since)\s+", re.I)
CLAUSE_MIN_WORDS = 3  # content words a clause needs before it is checked on its own
CLAUSE_COVERAGE = 0.5  # share of those a source sentence must state to line up with the clause


def _clause_pairs(claim: str, index) -> list[tuple[str, object, bool]]:
    """(clause, source sentence, whether the claim has several clauses) where the sentence states
    most of the clause's words."""
    parts = [p for p in _CLAUSE_SPLIT.split(claim) if p and p.strip()]
    out = []
    for part in parts:
        n = len(set(analyse(part).content))
        if n >= CLAUSE_MIN_WORDS:
            need = max(2, math.ceil(CLAUSE_COVERAGE * n))
            out += [(part, span, len(parts) > 1) for span in index.related(part, min_shared=need)]
    return out


def _contradiction(text: str, s, overlap: float, index) -> tuple[object, str] | None:
    """(source span, rationale) of the first flip or swap found between the claim and the source."""
    source_text = index.source_text
    source_numbers = figures.numbers_in(source_text)
    # Flips are judged where the claim lines up with the source: the whole claim against its
    # evidence, and each clause against the source sentences that state most of it (a long
    # analytic sentence may negate one clause of the story: "Because regulators did not
    # approve X, ...").
    aligned = overlap >= ALIGNED_OVERLAP or s.evidence_similarity >= 0.6
    pairs = [(text, s.evidence, True)] if aligned else []
    pairs += [p for p in _clause_pairs(text, index) if p[1] != s.evidence or not aligned]
    for part, span, figures_too in pairs:
        # A figure is compared only where the claim lines up with the sentence as a whole or
        # clause by clause: "22 villages were evacuated" is not "15 villages may return".
        flip = figures_too and figures.number_conflict(part, span.text, source_numbers - figures.numbers_in(span.text))
        if flip:
            return figure_match.cite_replaced(part, flip, span, index.spans)  # the figure counting the same thing
        swapped = figures_too and figures.transposed_figure(part, span.text, source_numbers)
        if swapped:
            return span, f"Says {swapped[0]} where the source says {swapped[1]}."
        ant = cues.antonym_flip(part, span.text)
        if ant:
            return span, f"Says '{ant[0]}' where the source says '{ant[1]}'."
        if cues.negation_flip(part, span.text):
            return span, "Negates what the source states."
    # A figure the story never gives, for the same thing as one it does, replaces it even where
    # the rest of the claim is commentary ("At roughly 12 percent, the increase is modest").
    # A forecast ("projects that inflation will fall below 8 percent") is another quantity than
    # the figure reported: new, so unsupported, but not a replacement.
    new_figures = set(novel_figures(s, text)) if not _FORECAST.search(text) else set()
    for span in index.related(text, min_shared=1) if new_figures else []:
        swap = figures.figure_context_conflict(text, span.text)
        if swap and swap[0] in new_figures:
            return figure_match.cite_replaced(text, swap, span, index.spans)  # the figure counting the same thing
    # A person or place swapped in a known slot ("Minister X", "in X") may sit in another
    # sentence than the best evidence when the claim fuses two of them. A name the source
    # itself puts in that slot elsewhere is no swap (the story may name two judges).
    for span in [s.evidence, *index.related(text)]:
        swap = relations.name_swap(text, span.text, source_text)
        if swap:
            return span, f"Names {swap[0]} where the source names {swap[1]}."
        titled = relations.title_swap(text, source_text) if span is s.evidence else None
        if titled:
            return span, f"Gives {titled[0]} the title '{titled[1]}'; the source's title for them is '{titled[2]}'."
        kind = relations.kind_swap(text, span.text, source_text)
        if kind:
            return span, f"Names the {kind[0]} {kind[2]} where the source names the {kind[1]} {kind[2]}."
        roles = relations.role_swap(text, span.text)
        if roles:
            a, b = _as_written(text, list(roles[:2]))
            return span, f"Has {a} and {b} the other way round around '{roles[2]}' compared with the source."
        # Where the claim as a whole does not line up, an opposite said of the same thing still
        # counts when two words around it match ("the appeals court overturned" / "an appeals
        # court upheld").
        ant = ((span is not s.evidence or not aligned) and not _CONDITIONAL.search(text)
               and cues.antonym_flip(text, span.text, 2))
        if ant:
            return span, f"Says '{ant[0]}' where the source says '{ant[1]}'."
        directed = relations.relation_swap(text, span.text, source_text)
        if directed:
            a, b = [re.sub(r"^The\s+|['’]s$", "", n) for n in _name_phrases(text, _as_written(text, list(directed[1:])))][:2]
            verb = _RELATION_WORDS[directed[0]]
            return span, f"Has {a} {verb} {b}; the source has {b} {verb} {a}."
    return None


def _quote(span) -> Evidence:
    return Evidence(text=span.text, start=span.start, end=span.end)


# With a user's NLI model (--nli-model): below this best entailment a claim is unsupported, and
# at or above this contradiction (and above its entailment) it is contradicted. Env overrides:
# BRIEFCHECK_NLI_ENTAILMENT, BRIEFCHECK_NLI_CONTRADICTION; `eval --nli-model --cv K` fits the first.
NLI_ENTAILMENT = 0.5
NLI_CONTRADICTION = 0.5


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return default if raw is None else float(raw)
    except ValueError:
        raise nli.NLIError(f"{name}: not a number: {raw!r}") from None


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, nli=None):
        """``nli``: an optional NLIModel consulted after the rules (see nli.py)."""
        self.nli = nli
        if nli is not None:
            self.name = "embedded+nli"
            self.nli_entailment = _env_float("BRIEFCHECK_NLI_ENTAILMENT", NLI_ENTAILMENT)
            self.nli_contradiction = _env_float("BRIEFCHECK_NLI_CONTRADICTION", NLI_CONTRADICTION)

    def extract(self, briefing: Briefing, usage: Usage) -> list[Claim]:
        return split_claims(briefing)

    def check(self, briefing: Briefing, claims: list[Claim], usage: Usage) -> list[Verdict]:
        from .score import load_weights

        threshold = load_weights().threshold
        index = source_index(briefing)
        scored = index.score_many([c.text for c in claims])
        return [self._judge(c, s, threshold, index.index) for c, s in zip(claims, scored)]

    def judge_scored(self, index, sentences: list[str], scored: list) -> list[Verdict]:
        """Verdicts for sentences already scored against ``index``, each checked as a summary
        claim (the eval command measures the verdict rules on annotated summary sentences)."""
        from .score import load_weights

        claims = [Claim(id=f"s{i}", section="Summary", role="summary", text=t, start=0, end=max(1, len(t)))
                  for i, t in enumerate(sentences)]
        return [self._judge(c, sc, load_weights().threshold, index) for c, sc in zip(claims, scored)]

    def _judge(self, claim: Claim, s, threshold: float, index) -> Verdict:
        p = round(min(1.0, max(0.0, float(s.probability))), 4)
        ev = _quote(s.evidence)
        overlap = s.features.get("word_coverage", 0.0)

        def verdict(label, score, why):
            return Verdict(claim_id=claim.id, label=label, score=round(score, 4), evidence=ev, rationale=why)

        if cues.injection(claim.text):
            return verdict("off_topic", 0.0, "An instruction aimed at the checker, not a statement about the story.")
        figures = novel_figures(s, claim.text)
        # New names make a distant claim likelier to be about something else; a name the story
        # also has ("Denmark's voice in European affairs") ties it back to the story.
        shares_name = any(n in index.tokens for n in analyse(claim.text).names)
        far = OFF_TOPIC_COSINE if novel_names(s, claim.text) and not shares_name else OFF_TOPIC_COSINE_NO_NAMES
        if claim.role == "analysis" and not cues.interpretive(claim.text):
            far = max(far, OFF_TOPIC_COSINE_FLAT)
        rest = cues.topic_shift(claim.text)
        shift = rest is not None
        # The claim says itself that it changes the subject: only its words after the opener
        # ("On a different note, ...") must still be far from the story's.
        far, near = (1.0, index.score(rest)) if shift and rest else (far, s)
        if (s.topic_similarity < far and near.features.get("word_coverage", 0.0) < OFF_TOPIC_MAX_OVERLAP
                and near.features.get("soft_coverage", 0.0) < OFF_TOPIC_MAX_SOFT_COVERAGE):
            why = (f"Changes the subject ('{claim.text.split(',')[0].strip()}') to something the story does not cover"
                   if shift else "Unrelated to the briefing's subject")
            return verdict(
                "off_topic",
                min(p, max(0.0, s.topic_similarity)),
                f"{why} (similarity to the story {s.topic_similarity:.2f}).",
            )
        found = _contradiction(claim.text, s, overlap, index)
        if found:
            ev = _quote(found[0])
            return verdict("contradicted", min(p, 0.1), found[1])
        if self.nli is not None:
            ent, con, ent_span, con_span = nli.judge(self.nli, nli.premises(index, claim.text, s.evidence), claim.text)
            if con >= self.nli_contradiction and con > ent:
                ev = _quote(con_span)
                return verdict("contradicted", min(ent, 0.1),
                               f"The NLI model reads the source as contradicting it (contradiction {con:.2f}).")
            p = round(ent, 4)
        if figures:
            return verdict("unsupported", min(p, 0.3), f"Not in the source: {', '.join(_as_written(claim.text, figures))}.")
        people = relations.new_names(claim.text, index.source_text)
        if people:
            return verdict("unsupported", min(p, 0.3), f"Names what the source never mentions: {', '.join(people)}.")
        if self.nli is not None:
            ev = _quote(ent_span)
            if ent < self.nli_entailment:
                return verdict("unsupported", p, f"No source sentence entails it by the NLI model (best entailment {ent:.2f}).")
            return verdict("supported", p, f"Entailed by the source (NLI entailment {ent:.2f}).")
        if p < threshold:
            beyond = _name_phrases(claim.text, _as_written(claim.text, novel_names(s, claim.text)))
            beyond += [w for w in _as_written(claim.text, s.novel_words) if w not in " ".join(beyond)]
            missing = f"; the story never mentions: {', '.join(beyond[:4])}" if beyond else ""
            return verdict("supported", p, f"No conflict with the story, which states only part of it (support {p:.2f}){missing}.")
        return verdict("supported", p, f"Backed by the source (support score {p:.2f}).")

    def digest(
        self, briefing: Briefing, claims: list[CheckedClaim], max_bullets: int, max_words: int, usage: Usage
    ) -> list[str]:
        """Extractive: supported claims ranked by centrality (similarity to the other supported
        claims and to the story), summary sections first, near-duplicates dropped."""
        from .embed import cosine, embed

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
