"""Who did what to whom: cues that two texts give the same names opposite roles."""

from __future__ import annotations

import re

from ...textspan import words
from .cues import _TITLES
from .lexical import STOPWORDS

# Between two names, these make the relation symmetric ("Lee met Takaichi" = "Takaichi met Lee")
# or passive ("Delta was bought by Alaska"), so the order of the names says nothing about roles.
_NO_ROLE_ORDER = frozenset(
    """and with met meet meets meeting talks talked spoke speak against versus vs between by was were been
    being is are or nor alongside joined join plus""".split()
)


def _name_positions(text: str) -> tuple[list[str], dict[str, int]]:
    """Lower-case tokens and the position of each capitalised word that occurs once (a sentence's
    capitalised first word counts too: only names both texts share are compared)."""
    toks = [re.sub(r"['’]s$", "", t) for t in words(text)]
    pos: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, t in enumerate(toks):
        seen[t.lower()] = seen.get(t.lower(), 0) + 1
        if t[:1].isupper() and t.lower() not in STOPWORDS and t.lower() not in _TITLES:
            pos[t.lower()] = i
    return [t.lower() for t in toks], {k: v for k, v in pos.items() if seen[k] == 1}


def role_swap(claim: str, evidence: str) -> tuple[str, str, str] | None:
    """(first name, second name, action word) when the claim puts two names of the evidence on
    the opposite sides of the same action word ("Alaska agreed to buy Delta" where the source
    says "Delta agreed to buy Alaska"); symmetric and passive phrasings are left alone."""
    ct, cp = _name_positions(claim)
    et, ep = _name_positions(evidence)
    shared = sorted(set(cp) & set(ep), key=cp.get)
    for i, a in enumerate(shared):
        for b in shared[i + 1 :]:
            c_mid, e_mid = ct[cp[a] + 1 : cp[b]], et[min(ep[a], ep[b]) + 1 : max(ep[a], ep[b])]
            if ep[a] < ep[b] or not c_mid or not e_mid:
                continue  # same order in both, or adjacent names (one name phrase)
            if (set(c_mid) | set(e_mid)) & _NO_ROLE_ORDER:
                continue
            action = [w for w in c_mid if w in e_mid and w not in STOPWORDS and w.isalpha()]
            if action and len(c_mid) <= 6 and len(e_mid) <= 6:
                return a, b, action[0]
    return None


# Directed relations, written as the words between two names: the first name wins (or sues)
# in an "active" phrasing, the second in a "reversed" one ("lost to", "sued by").
_RELATIONS = {
    "beat": (
        re.compile(r"\b(?:beat|beats|beating|defeated|defeats|defeating|overcame|overcoming|edged|routed|thrashed|"
                   r"crushed|upset|outplayed|eliminated|(?:win|wins|won|victory|triumph)\b.*\b(?:over|against))\b"),
        re.compile(r"\b(?:lost|lose|loses|losing|fell|falls|defeat|loss) to\b|\b(?:beaten|defeated|eliminated) by\b"),
    ),
    "sue": (
        re.compile(r"\b(?:sued|sues|suing|(?:lawsuit|suit|case|complaint|action|claim)\b.*\bagainst|took|takes|taking)\b"),
        re.compile(r"\b(?:sued|lawsuit|suit|case|complaint|action|claim|brought|filed) by\b"),
    ),
}
RELATION_GAP = 14  # most words between the two names ("A won the final on Sunday, beating B")
_BROUGHT_BY = re.compile(r"\b(?:lawsuit|suit|case|complaint|action|claim|brought|filed) by\b")


def relations(text: str) -> set[tuple[str, str, str]]:
    """(relation, first party, second party) read from the words between each two names of a
    sentence: "New Zealand beat Sri Lanka" -> ("beat", "zealand", "sri") and ("beat", "zealand",
    "lanka"); "Sri Lanka lost to New Zealand" gives the same; "A took B to court" -> ("sue", a, b)."""
    toks, pos = _name_positions(text)
    names = sorted(pos, key=pos.get)
    out = set()
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            mid = toks[pos[a] + 1 : pos[b]]
            if not mid or len(mid) > RELATION_GAP or set(mid) & {"and", "or", "while", "whereas"}:
                continue
            between = " ".join(mid)
            if "against" in mid and _BROUGHT_BY.search(" ".join(toks[max(0, pos[a] - 6) : pos[a]])):
                out.add(("sue", a, b))  # "the case brought by A against B"
                continue
            for rel, (active, reversed_) in _RELATIONS.items():
                if reversed_.search(between):
                    out.add((rel, b, a))
                elif active.search(between) and (not re.search(r"\b(?:took|takes|taking)$", between)
                                                 or toks[pos[b] + 1 : pos[b] + 3] == ["to", "court"]):
                    out.add((rel, a, b))
    return out


def relation_swap(claim: str, evidence: str, source: str = "") -> tuple[str, str, str] | None:
    """(relation, claim's first party, its second) when the evidence has the two the other way
    round ("handed Sri Lanka victory over New Zealand" against "New Zealand beat Sri Lanka"),
    unless the source also has them the claim's way somewhere (two matches of one series)."""
    theirs = relations(evidence)
    if not theirs:
        return None
    everywhere = set().union(*(relations(s) for s in re.split(r"(?<=[.!?])\s+", source))) if source else set()
    for rel, a, b in sorted(relations(claim)):
        if (rel, b, a) in theirs and (rel, a, b) not in theirs | everywhere:
            return rel, a, b
    return None
