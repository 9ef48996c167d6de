"""Embedded (offline, no-LLM) consistency scorer.

A claim is compared with a source text through cheap, explainable signals:
lexical coverage (content words, word pairs, best single sentence / window),
novel specifics (numbers and dates, capitalised names), a negation mismatch
against the best evidence, and WordLlama cosine similarities (best evidence,
whole-source topic), and words whose WordNet opposite the evidence holds (``lexicon.py``), and how often the words the
claim adds go with unsupported claims in train (``word_risk.py``).
A logistic regression fitted on ``../shared/train/`` and synthetic pairs from its premises
(``training/fit_weights.py``; weights in ``pipeline/data/weights.json``; only thresholds are set
on ``../shared/eval/dev.jsonl``) turns them into P(supported).  A summary is as good as its worst
sentence.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from pipeline.textspan import Span, sentences

from ...evidence import embed as _embed
from ...evidence.lexical import Lexicon, analyse, bigrams, lemma
from . import lexicon as _lexicon
from . import word_risk as _word_risk
from .figures import ARITHMETIC_NOUNS

FEATURES = [
    "word_coverage",  # share of claim content words (lemmas) found anywhere in the source
    "bigram_coverage",  # share of claim word pairs (all words) found in the source
    "best_sentence_coverage",  # best share of claim content words inside one source sentence
    "best_window_coverage",  # same, for windows of 2 adjacent sentences
    "evidence_cosine",  # best WordLlama cosine, claim vs a sentence or 2-sentence window
    "topic_cosine",  # cosine, claim vs the source centroid
    "novel_numbers",  # log1p(count of numbers/dates absent from the source)
    "novel_names",  # log1p(count of capitalised names absent from the source)
    "novel_words",  # log1p(count of content words absent from the source)
    "negation_mismatch",  # 1 if exactly one of claim / evidence is negated
    "claim_length",  # log1p(count of claim content words)
    "trigram_coverage",  # share of claim word triples found in the source
    "fragment_density",  # sum of squared lengths of copied source fragments / claim length^2
    "longest_fragment",  # longest run of claim words copied verbatim from the source / claim length
    "soft_coverage",  # mean over claim content words of 1 if in source else best word-vector cosine
    "off_evidence_words",  # log1p(content words found in the source but not in the evidence)
    "off_evidence_specifics",  # log1p(numbers/names of the claim missing from the evidence)
    "cover_sentences",  # source sentences a greedy cover needs for the claim's known words (max 6)
    "pair_cooccurrence",  # share of pairs of the claim's known words/specifics sharing a source sentence
    "soft_novelty",  # sum over novel content words of (1 - best word-vector cosine to a source word)
    "opposite_words",  # log1p(claim words missing from the evidence whose WordNet opposite it has)
    "novel_word_risk",  # highest learned risk among the claim words the source lacks (word_risk.py)
]


def fragments(claim: list[str], positions: dict[str, list[int]], source: list[str]) -> list[int]:
    """Greedy extractive fragments (Grusky et al. 2018): lengths of the longest source runs
    that tile the claim's word sequence left to right."""
    out, i, n = [], 0, len(claim)
    while i < n:
        best = 0
        for j in positions.get(claim[i], ()):
            k = 1
            while i + k < n and j + k < len(source) and claim[i + k] == source[j + k]:
                k += 1
            best = max(best, k)
        if best:
            out.append(best)
            i += best
        else:
            i += 1
    return out


@dataclass
class Scored:
    probability: float
    features: dict[str, float]
    evidence: Span
    evidence_similarity: float
    topic_similarity: float
    novel_numbers: list[str] = field(default_factory=list)
    novel_names: list[str] = field(default_factory=list)
    novel_words: list[str] = field(default_factory=list)


@dataclass
class Weights:
    features: list[str]
    coef: list[float]  # on standardised features
    intercept: float
    mean: list[float]
    scale: list[float]
    threshold: float  # summary is consistent when its aggregated probability >= threshold
    aggregation: str  # "min": a summary is as good as its worst sentence
    baseline_threshold: float  # for baseline_score
    provenance: dict = field(default_factory=dict)
    # Reference only: the cut that maximises sentence-level balanced accuracy on out-of-fold
    # sentence probabilities (~0.78). The engine judges single claims at ``threshold`` instead:
    # at 0.78 fewer than half of its flags would be right (see benchmarks/accuracy.py).
    claim_threshold: float | None = None
    # The digest prints a supported claim only at or above this score: the lowest cut at which
    # what passes is supported with the precision named in provenance (on dev's annotated sentences).
    digest_threshold: float | None = None

    def __post_init__(self):
        if self.claim_threshold is None:
            self.claim_threshold = self.threshold
        if self.digest_threshold is None:
            self.digest_threshold = self.threshold

    def probability(self, feats: dict[str, float]) -> float:
        x = np.array([feats[f] for f in self.features], dtype=np.float64)
        z = float(np.dot((x - self.mean) / self.scale, self.coef) + self.intercept)
        p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
        return 0.5 if math.isnan(p) else p

    def to_json(self) -> dict:
        return {
            "features": self.features,
            "coef": [round(float(c), 6) for c in self.coef],
            "intercept": round(float(self.intercept), 6),
            "mean": [round(float(c), 6) for c in self.mean],
            "scale": [round(float(c), 6) for c in self.scale],
            "threshold": round(float(self.threshold), 6),
            "claim_threshold": round(float(self.claim_threshold), 6),
            "digest_threshold": round(float(self.digest_threshold), 6),
            "aggregation": self.aggregation,
            "baseline_threshold": round(float(self.baseline_threshold), 6),
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, d: dict) -> "Weights":
        return cls(
            features=list(d["features"]),
            coef=list(d["coef"]),
            intercept=float(d["intercept"]),
            mean=list(d["mean"]),
            scale=list(d["scale"]),
            threshold=float(d["threshold"]),
            aggregation=d.get("aggregation", "min"),
            baseline_threshold=float(d.get("baseline_threshold", 0.5)),
            provenance=d.get("provenance", {}),
            claim_threshold=float(d.get("claim_threshold", d["threshold"])),
            digest_threshold=float(d.get("digest_threshold", d["threshold"])),
        )


@functools.lru_cache(maxsize=1)
def load_weights() -> Weights:
    text = resources.files("pipeline.data").joinpath("weights.json").read_text(encoding="utf-8")
    return Weights.from_json(json.loads(text))


def _share(items: list, pool: set) -> float:
    return sum(1 for x in items if x in pool) / len(items) if items else 1.0


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 1.0


class SourceIndex:
    """A source text analysed once (tokens, numbers, names, embeddings); claims scored against it."""

    def __init__(self, text: str, spans: list[Span] | None = None, weights: Weights | None = None):
        self.text = text
        spans = list(spans) if spans is not None else sentences(text)
        if not spans:
            spans = [Span(text, 0, len(text))]
        self.spans = spans
        self.source_text = " ".join(s.text for s in spans)  # what the name and figure cues search
        self._weights = weights
        # Candidate evidence: every sentence, then every window of 2 adjacent sentences
        # (adjacent in the text: never joined across a section header).
        self._pairs = [i for i in range(len(spans) - 1) if not text[spans[i].end : spans[i + 1].start].strip()]
        self.candidates: list[Span] = list(spans) + [
            Span(text[spans[i].start : spans[i + 1].end], spans[i].start, spans[i + 1].end) for i in self._pairs
        ]
        self.n_sentences = len(spans)
        lex = [analyse(s.text) for s in spans]
        self._neg = [lx.negations for lx in lex]
        self._content = [set(lx.content) for lx in lex]
        # Specifics of each sentence: numbers/dates and name tokens (case-insensitive).
        self._where: dict[str, int] = {}  # lemma or specific -> bitmask of the sentences holding it
        for i, lx_ in enumerate(lex):
            for w in set(lx_.content) | set(lx_.numbers) | set(lx_.tokens):
                self._where[w] = self._where.get(w, 0) | (1 << i)
        self._spec = [set(lx.numbers) | set(lx.tokens) for lx in lex]
        self._derived = set().union(*(_sums_and_differences(lx.quantities) for lx in lex))
        self._win_content = [self._content[i] | self._content[i + 1] for i in self._pairs]
        # Only the spans are the source: `text` may hold more (a whole briefing, offsets kept).
        whole = analyse("\n".join(s.text for s in spans))
        self.lemmas = set(whole.lemmas)
        self.tokens = set(whole.tokens)
        self.numbers = set(whole.numbers)
        self.quantities = set(whole.quantities)
        self.bigrams = bigrams(whole.lemmas)
        self.trigrams = set(zip(whole.lemmas, whole.lemmas[1:], whole.lemmas[2:]))
        self._seq = whole.lemmas
        self._pos: dict[str, list[int]] = {}
        for j, w in enumerate(whole.lemmas):
            self._pos.setdefault(w, []).append(j)
        self._vocab = sorted(set(whole.surface))
        self._vocab_vecs = _embed.embed(self._vocab) if self._vocab else np.zeros((0, 256), np.float32)
        with np.errstate(invalid="ignore", divide="ignore"):
            vecs = np.nan_to_num(_embed.embed([c.text for c in self.candidates]))
        self._vecs = vecs
        centroid = vecs[: self.n_sentences].mean(axis=0)
        norm = float(np.linalg.norm(centroid))
        self._centroid = centroid / norm if norm > 0 else centroid

    @property
    def weights(self) -> Weights:
        return self._weights if self._weights is not None else load_weights()

    def score(self, claim: str) -> Scored:
        return self.score_many([claim])[0]

    def score_many(self, claims: list[str]) -> list[Scored]:
        if not claims:
            return []
        with np.errstate(invalid="ignore", divide="ignore"):  # an empty claim embeds to 0/0
            vecs = np.nan_to_num(_embed.embed(list(claims)))
        cos_all = _embed.cosine(vecs, self._vecs)
        topic = vecs @ self._centroid
        lexes = [analyse(c) for c in claims]
        # Novel content words of every claim, matched softly against the source vocabulary.
        novel = sorted({s for lx in lexes for s, lem in zip(lx.surface, lx.content) if lem not in self.lemmas})
        soft: dict[str, float] = {}
        if novel and len(self._vocab):
            sims = _embed.cosine(_embed.embed(novel), self._vocab_vecs).max(axis=1)
            soft = {w: float(max(0.0, x)) for w, x in zip(novel, sims)}
        out = []
        for i, claim in enumerate(claims):
            out.append(self._score_one(lexes[i], cos_all[i], float(topic[i]), soft))
        return out

    def _evidence_parts(self, best: int) -> tuple[int, set[str], set[str]]:
        """(negations, content words, specifics) of evidence candidate ``best`` (a sentence or a window)."""
        if best < self.n_sentences:
            return self._neg[best], self._content[best], self._spec[best]
        j = self._pairs[best - self.n_sentences]
        return (self._neg[j] + self._neg[j + 1], self._win_content[best - self.n_sentences],
                self._spec[j] | self._spec[j + 1])

    def _cover_count(self, cset: set[str]) -> int:
        """Greedy cover: how many source sentences it takes to cover the claim's covered words."""
        todo, n_cover = {w for w in cset if w in self.lemmas}, 0
        while todo and n_cover < 6:
            k = max(range(self.n_sentences), key=lambda i: len(todo & self._content[i]))
            got = todo & self._content[k]
            if not got:
                break
            todo -= got
            n_cover += 1
        return n_cover

    def _novel(self, lx: Lexicon, content: list[str]) -> tuple[list[str], list[str], list[str]]:
        """(numbers, names, content words) of the claim that the source never has."""
        numbers = {x for x in lx.numbers if x not in self.numbers} | {x for x in lx.quantities if x not in self.quantities}
        if _ARITHMETIC & set(lx.lemmas):  # "the 27-vote margin" of "108 votes to 81" is worked out, not new
            numbers -= self._derived
        names = sorted({x for x in lx.names if x not in self.tokens and x not in self.lemmas})
        return sorted(numbers), names, sorted({x for x in content if x not in self.lemmas})

    def _score_one(self, lx: Lexicon, cos: np.ndarray, topic: float, soft: dict[str, float]) -> Scored:
        content = lx.content
        cset = set(content)
        n = len(cset) or 1
        sent_cov = np.array([len(cset & s) / n if cset else 1.0 for s in self._content])
        win_cov = np.array([len(cset & s) / n if cset else 1.0 for s in self._win_content])
        cand_cov = np.concatenate([sent_cov, win_cov])
        if not len(win_cov):
            win_cov = sent_cov
        cos = np.nan_to_num(np.asarray(cos, dtype=np.float64)[: len(cand_cov)])
        # Evidence: best mix of coverage and cosine; a window must earn its extra length.
        rank = 0.5 * cand_cov + 0.5 * cos
        rank[self.n_sentences :] -= 0.05
        best = int(np.argmax(rank))
        evidence = self.candidates[best]
        ev_neg, ev_words, ev_spec = self._evidence_parts(best)
        specifics = set(lx.numbers) | set(lx.names)
        n_cover = self._cover_count(cset)
        novel_numbers, novel_names, novel_words = self._novel(lx, content)
        frags = fragments(lx.lemmas, self._pos, self._seq)
        nt = max(1, len(lx.lemmas))
        keys = [w for w in dict.fromkeys(list(cset) + lx.numbers + lx.names) if w in self._where]
        pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
        together = _share(pairs, {p for p in pairs if self._where[p[0]] & self._where[p[1]]})
        feats = {
            "word_coverage": _share(content, self.lemmas),
            "bigram_coverage": _share(list(zip(lx.lemmas, lx.lemmas[1:])), self.bigrams),
            "best_sentence_coverage": float(sent_cov.max()),
            "best_window_coverage": float(win_cov.max()),
            "evidence_cosine": float(cos.max()),
            "topic_cosine": float(topic),
            "novel_numbers": math.log1p(len(novel_numbers)),
            "novel_names": math.log1p(len(novel_names)),
            "novel_words": math.log1p(len(novel_words)),
            "negation_mismatch": float((lx.negations > 0) != (ev_neg > 0)),
            "claim_length": math.log1p(len(cset)),
            "trigram_coverage": _share(list(zip(lx.lemmas, lx.lemmas[1:], lx.lemmas[2:])), self.trigrams),
            "fragment_density": sum(f * f for f in frags) / nt / nt,
            "longest_fragment": max(frags, default=0) / nt,
            "soft_coverage": _mean([1.0 if lem in self.lemmas else soft.get(w, 0.0) for w, lem in zip(lx.surface, content)]),
            "off_evidence_words": math.log1p(len([w for w in cset if w in self.lemmas and w not in ev_words])),
            "off_evidence_specifics": math.log1p(len([x for x in specifics if x not in ev_spec])),
            "cover_sentences": float(n_cover),
            "pair_cooccurrence": together,
            "soft_novelty": sum(1.0 - soft.get(w, 0.0) for w, lem in zip(lx.surface, content) if lem not in self.lemmas),
            "opposite_words": math.log1p(_opposed(cset, ev_words)),
            "novel_word_risk": _word_risk.risk(novel_words),
        }
        feats = {k: (0.0 if math.isnan(v) else float(v)) for k, v in feats.items()}
        return Scored(
            probability=self._probability(feats),
            features=feats,
            evidence=evidence,
            evidence_similarity=float(cos[best]),
            topic_similarity=float(topic),
            novel_numbers=novel_numbers,
            novel_names=novel_names,
            novel_words=novel_words,
        )

    def related(self, claim: str, min_shared: int = 2) -> list[Span]:
        """Source sentences sharing at least ``min_shared`` content words with the claim."""
        cset = set(analyse(claim).content)
        return [sp for sp, words in zip(self.spans, self._content) if len(cset & words) >= min_shared]

    def _probability(self, feats: dict[str, float]) -> float:
        try:
            w = self.weights
        except (FileNotFoundError, ModuleNotFoundError, KeyError, ValueError):
            return feats["word_coverage"]  # unfitted: plain coverage
        return w.probability(feats)


def _opposed(claim: set[str], evidence: set[str]) -> int:
    """Claim lemmas the evidence lacks while holding one of their opposites (lexicon.py)."""
    own = evidence - claim
    return sum(1 for w in claim - evidence if _lexicon.opposites(w) & own)


# Words that say a figure was worked out from others; without one, "$18 billion" is no difference
# of "$45 billion" and "27 governments".
_ARITHMETIC = ARITHMETIC_NOUNS


def _sums_and_differences(quantities: list[str]) -> set[str]:
    """What a reader works out from two figures of one sentence: "108 votes to 81" gives a
    27-vote margin (and 189 votes cast)."""
    vals = []
    for q in dict.fromkeys(quantities):
        try:
            vals.append(float(q))
        except ValueError:
            continue
    out = set()
    for i, a in enumerate(vals):
        for b in vals[i + 1 :]:
            for x in (abs(a - b), a + b):
                out.add(str(int(x)) if x == int(x) else f"{x:.2f}".rstrip("0").rstrip("."))
    return out - {"0"}


def aggregate(probs, how: str = "min") -> float:
    """min (shipped): one bad sentence sinks the summary. "gmean" = exp(mean log p) and "blend" =
    exp(mean of log min and mean log p) were tried against it (benchmarks/ABLATION.md)."""
    if not len(probs):
        return 1.0
    logs = np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-12, 1.0))
    out = {"mean": lambda: np.mean(probs), "gmean": lambda: np.exp(logs.mean()),
           "blend": lambda: np.exp(0.5 * logs.min() + 0.5 * logs.mean())}.get(how, lambda: np.min(probs))
    return float(out())


def summary_score(index: SourceIndex, summary: str, weights: Weights | None = None) -> tuple[float, list[Scored]]:
    """Score each sentence of ``summary``; the summary's score is the aggregate (min by default)."""
    claims = [s.text for s in sentences(summary)] or ([summary] if summary.strip() else [])
    scored = index.score_many(claims)
    if weights is not None:
        for s in scored:
            s.probability = weights.probability(s.features)
    how = (weights or index.weights).aggregation if scored else "min"
    return aggregate([s.probability for s in scored], how), scored


def baseline_score(source: str, summary: str) -> float:
    """Word-overlap baseline: for each summary sentence, the fraction of its content words
    (lemmatised; stopwords and numbers excluded) found anywhere in the source; the summary
    gets the minimum over its sentences."""
    src = set(analyse(source).lemmas)
    parts = [s.text for s in sentences(summary)] or [summary]
    return min(_share(analyse(p).content, src) for p in parts)
