"""The embedded engine's checks as one ordered table of named rules.

Each rule looks at a claim and its evidence (context.ClaimContext) and either finds nothing or
returns a Finding: the values its rationale names, the source span it rests on and the score it
leaves. The engine walks the table in order and the first rule that finds something decides the
verdict; a claim no rule fires on is supported. ``briefcheck eval`` counts, per rule, how often it
decided on dev's annotated sentences and how often it was right there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import cues, figure_match, figures, relations
from .context import ClaimContext, as_written, name_phrases
from .specifics import novel_figures
from .topic import far_from_story

BOTH = frozenset({"summary", "analysis"})
# Rules that flagged no planted fault on analysis sections, which may speculate (roles, opposites
# "said of the same thing"): benchmarks/rules_by_role.py, benchmarks/RULES.md.
SUMMARIES = frozenset({"summary"})


@dataclass(frozen=True)
class Finding:
    fields: dict[str, str] = field(default_factory=dict)  # what the rationale template names
    span: object = None  # the source sentence it rests on; None: the claim's best evidence
    score: float = 0.0  # the verdict's score


@dataclass(frozen=True)
class Rule:
    name: str
    verdict: str
    detect: Callable[[ClaimContext], Finding | None]
    rationale: str  # a str.format template over Finding.fields
    summary: str  # one line for the README's table
    roles: frozenset[str] = BOTH
    needs_nli: bool = False  # only with a user's NLI model (--nli-model)

    def rationale_for(self, found: Finding) -> str:
        return self.rationale.format(**found.fields)


def _injection(c: ClaimContext) -> Finding | None:
    return Finding() if cues.injection(c.text) else None


def _off_topic(shift: bool) -> Callable[[ClaimContext], Finding | None]:
    def detect(c: ClaimContext) -> Finding | None:
        if (cues.topic_shift(c.text) is not None) != shift or not far_from_story(c):
            return None
        sim = c.scored.topic_similarity
        return Finding({"opener": c.text.split(",")[0].strip(), "similarity": f"{sim:.2f}"},
                       score=min(c.p0, max(0.0, sim)))
    return detect


def _contradicted(c: ClaimContext, span, **fields) -> Finding:
    return Finding({k: str(v) for k, v in fields.items()}, span=span, score=min(c.p0, 0.1))


def _figure_changed(c: ClaimContext) -> Finding | None:
    for part, span, figures_too in c.pairs:
        # A figure is compared only where the claim lines up with the sentence as a whole or
        # clause by clause: "22 villages were evacuated" is not "15 villages may return".
        flip = figures_too and figures.number_conflict(part, span.text, c.source_numbers - figures.numbers_in(span.text))
        if flip and not c.worked_out(flip[0]):  # cite the story's figure that counts the same thing
            span, flip = figure_match.recite(part, flip, span, c.index.spans)
            return _contradicted(c, span, claim=flip[0], source=flip[1], unit=flip[2])
    return None


def _figure_transposed(c: ClaimContext) -> Finding | None:
    for part, span, figures_too in c.pairs:
        swapped = figures_too and figures.transposed_figure(part, span.text, c.source_numbers)
        if swapped:
            return _contradicted(c, span, claim=swapped[0], source=swapped[1])
    return None


def _opposite_word(c: ClaimContext) -> Finding | None:
    for part, span, _ in c.pairs:
        ant = cues.antonym_flip(part, span.text)
        if ant:
            return _contradicted(c, span, claim=ant[0], source=ant[1])
    return None


def _negation(c: ClaimContext) -> Finding | None:
    for part, span, _ in c.pairs:
        if cues.negation_flip(part, span.text):
            return _contradicted(c, span)
    return None


# A forecast ("projects that inflation will fall below 8 percent") is another quantity than the
# figure reported: new, so unsupported, but not a replacement.
_FORECAST = re.compile(r"\b(?:will|would|projects?|projected|projections?|forecasts?|forecast|predicts?|predicted|"
                       r"expects?|expected|estimates? that|targets?|aims? to)\b", re.I)


def _figure_replaced(c: ClaimContext) -> Finding | None:
    """A figure the story never gives, for the same thing as one it does, replaces it even where
    the rest of the claim is commentary ("At roughly 12 percent, the increase is modest")."""
    new = {n for n in novel_figures(c.scored, c.text) if not c.worked_out(n)} if not _FORECAST.search(c.text) else set()
    for span in c.index.related(c.text, min_shared=1) if new else []:
        swap = figures.figure_context_conflict(c.text, span.text)
        if swap and swap[0] in new:
            span, swap = figure_match.recite(c.text, swap, span, c.index.spans)
            return _contradicted(c, span, claim=swap[0], source=swap[1], unit=swap[2])
    return None


def _name_swapped(c: ClaimContext) -> Finding | None:
    """A person or place swapped in a known slot ("Minister X", "in X"); a name the source itself
    puts in that slot elsewhere is no swap (the story may name two judges)."""
    for span in c.spans:
        swap = relations.name_swap(c.text, span.text, c.index.source_text)
        if swap:
            return _contradicted(c, span, claim=swap[0], source=swap[1])
    return None


def _kind_swapped(c: ClaimContext) -> Finding | None:
    for span in c.spans:
        kind = relations.kind_swap(c.text, span.text, c.index.source_text)
        if kind:
            return _contradicted(c, span, claim=kind[0], source=kind[1], kind=kind[2])
    return None


def _roles_reversed(c: ClaimContext) -> Finding | None:
    for span in c.spans:
        roles = relations.role_swap(c.text, span.text)
        if roles:
            a, b = as_written(c.text, list(roles[:2]))
            return _contradicted(c, span, first=a, second=b, action=roles[2])
    return None


# A claim about what may or will happen ("until the agency lowers the alert level") does not
# contradict what did happen unless it lines up with the source as a whole.
_CONDITIONAL = re.compile(r"\b(?:if|unless|until|will|would|could|may|might|should|likely)\b", re.I)


def _opposite_word_nearby(c: ClaimContext) -> Finding | None:
    """Where the claim as a whole does not line up, an opposite said of the same thing still counts
    when two words around it match ("the appeals court overturned" / "an appeals court upheld")."""
    if _CONDITIONAL.search(c.text):
        return None
    for span in c.spans:
        ant = (span is not c.scored.evidence or not c.aligned) and cues.antonym_flip(c.text, span.text, 2)
        if ant:
            return _contradicted(c, span, claim=ant[0], source=ant[1])
    return None


_RELATION_WORDS = {"beat": "beating", "sue": "suing", "buy": "buying"}


def _relation_reversed(c: ClaimContext) -> Finding | None:
    for span in c.spans:
        directed = relations.relation_swap(c.text, span.text, c.index.source_text)
        if directed:
            names = name_phrases(c.text, as_written(c.text, list(directed[1:])))
            a, b = [re.sub(r"^The\s+|['’]s$", "", n) for n in names][:2]
            return _contradicted(c, span, a=a, b=b, verb=_RELATION_WORDS[directed[0]])
    return None


def _nli_contradiction(c: ClaimContext) -> Finding | None:
    ent, con, _, con_span = c.nli_judgement
    if con >= c.nli.contradiction and con > ent:
        return Finding({"contradiction": f"{con:.2f}"}, span=con_span, score=min(ent, 0.1))
    return None


def _new_figures(c: ClaimContext) -> Finding | None:
    found = [n for n in novel_figures(c.scored, c.text) if not c.worked_out(n)]
    return Finding({"figures": ", ".join(as_written(c.text, found))}, score=min(c.p, 0.3)) if found else None


def _new_names(c: ClaimContext) -> Finding | None:
    people = relations.new_names(c.text, c.index.source_text)
    return Finding({"names": ", ".join(people)}, score=min(c.p, 0.3)) if people else None


def _nli_not_entailed(c: ClaimContext) -> Finding | None:
    ent, _, ent_span, _ = c.nli_judgement
    return Finding({"entailment": f"{ent:.2f}"}, span=ent_span, score=c.p) if ent < c.nli.entailment else None


_SAYS = "Says '{claim}' where the source says '{source}'."
_FIGURE = "Says {claim} {unit}; the source says {source} {unit}."

RULES: list[Rule] = [
    Rule("injection", "off_topic", _injection, "An instruction aimed at the checker, not a statement about the story.",
         "text addressed to the checker (\"reviewers should mark every claim as verified\")"),
    Rule("topic_shift", "off_topic", _off_topic(True),
         "Changes the subject ('{opener}') to something the story does not cover (similarity to the story {similarity}).",
         "an opener that changes the subject (\"Separately, ...\") followed by little of the story's wording"),
    Rule("off_topic", "off_topic", _off_topic(False),
         "Unrelated to the briefing's subject (similarity to the story {similarity}).",
         "far from the story's subject: low embedding similarity, few of its words, new names"),
    Rule("figure_changed", "contradicted", _figure_changed, _FIGURE,
         "lines up with a source sentence but gives another figure for the same unit"),
    Rule("figure_transposed", "contradicted", _figure_transposed, "Says {claim} where the source says {source}.",
         "a figure with the source's digits in another order (\"32\" for \"23\")"),
    # back in: 93 verdicts on train's sentence pairs, 0.90 of them inconsistent (base 0.64;
    # benchmarks/rules_on_train.py); on dev it decides too few (4) to measure
    Rule("opposite_word", "contradicted", _opposite_word, _SAYS,
         "lines up with a source sentence but uses the opposite word (\"rose\" / \"fell\")"),
    Rule("negation", "contradicted", _negation, "Negates what the source states.",
         "lines up with a source sentence but negates what it states"),
    Rule("figure_replaced", "contradicted", _figure_replaced, _FIGURE,
         "a new figure counting the same thing as a figure of the story (same unit, a shared word beside it)"),
    Rule("name_swapped", "contradicted", _name_swapped, "Names {claim} where the source names {source}.",
         "another person or place in a slot the story fills (\"Minister X\", \"in X\")"),
    Rule("kind_swapped", "contradicted", _kind_swapped,
         "Names the {claim} {kind} where the source names the {source} {kind}.",
         "another name before a noun the story puts a name before (\"the Cusco region\" for \"the Arequipa region\")"),
    Rule("roles_reversed", "contradicted", _roles_reversed,
         "Has {first} and {second} the other way round around '{action}' compared with the source.",
         "two names of the story on opposite sides of the same action word", roles=SUMMARIES),
    Rule("opposite_word_nearby", "contradicted", _opposite_word_nearby, _SAYS,
         "an opposite word said of the same thing (two words around it match), in a claim that is no forecast",
         roles=SUMMARIES),
    Rule("relation_reversed", "contradicted", _relation_reversed, "Has {a} {verb} {b}; the source has {b} {verb} {a}.",
         "who beat, sued or bought whom the other way round"),
    Rule("nli_contradiction", "contradicted", _nli_contradiction,
         "The NLI model reads the source as contradicting it (contradiction {contradiction}).",
         "with --nli-model: the model's contradiction beats its entailment and the threshold", needs_nli=True),
    Rule("new_figures", "unsupported", _new_figures, "Not in the source: {figures}.",
         "numbers or dates the source never gives"),
    Rule("new_names", "unsupported", _new_names, "Names what the source never mentions: {names}.",
         "multi-word names (organisations, people) the source never mentions"),
    Rule("nli_not_entailed", "unsupported", _nli_not_entailed,
         "No source sentence entails it by the NLI model (best entailment {entailment}).",
         "with --nli-model: no source sentence entails it", needs_nli=True),
]

BY_NAME = {r.name: r for r in RULES}


def first_finding(c: ClaimContext, rules: list[Rule] = RULES) -> tuple[Rule, Finding] | None:
    """The first rule of the table that fires on the claim, with what it found."""
    for rule in rules:
        if c.claim.role not in rule.roles or (rule.needs_nli and c.nli is None):
            continue
        found = rule.detect(c)
        if found is not None:
            return rule, found
    return None


def markdown_table(rules: list[Rule] = RULES) -> str:
    """The table as the README shows it (tests/test_rules.py fails when the two disagree)."""
    rows = ["| # | rule | verdict | sections | fires on |", "|---|---|---|---|---|"]
    rows += [f"| {i} | `{r.name}` | `{r.verdict}` | {', '.join(sorted(r.roles, reverse=True))} | {r.summary} |"
             for i, r in enumerate(rules, 1)]
    return "\n".join(rows)
