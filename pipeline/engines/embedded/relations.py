"""Who did what to whom: names swapped in a slot (a title, a place) or given opposite roles."""

from __future__ import annotations

import functools
import re

from ...textspan import words
from ...evidence.wordlists import wordlist
from ...evidence.lexical import _DATE_WORDS, REGION_WORDS, STOPWORDS, lemma

# Words that introduce a person's name ("Prime Minister Sanae Takaichi", "coach Ange Postecoglou"):
# two texts naming different people after the same title name different people for one role.
_TITLES = wordlist("titles")
# A place after these prepositions is where something happens ("in Nara City", "at Wembley").
_PLACE_PREPS = frozenset({"in", "at"})
# A country whose adjective the source uses ("Danish handball", "German colonial forces") is where
# the story's city is: "in Denmark" is no swap for "in Copenhagen".
def _demonyms() -> dict[str, set[str]]:
    """adjective -> places, from WordNet (training/build_demonyms.py)."""
    out: dict[str, set[str]] = {}
    for pair in wordlist("demonyms", ordered=True):
        adj, place = pair.split(maxsplit=1)
        out.setdefault(adj, set()).add(place.replace("_", " "))
    return out


_DEMONYMS = _demonyms()


def same_place(a: str, b: str) -> bool:
    """One name is the other's adjective ("Senegalese" / "Senegal"), or they are one name."""
    a, b = a.lower(), b.lower()
    return a == b or b in _DEMONYMS.get(a, ()) or a in _DEMONYMS.get(b, ())


@functools.lru_cache(maxsize=64)
def _source_lemmas(source: str) -> frozenset[str]:
    return frozenset(lemma(w.lower()) for w in words(source))


def _known_place(place: str, source: str) -> bool:
    """The source names it anywhere ("in Tests" beside "Test series"), or its country by adjective."""
    known = _source_lemmas(source)
    return place in source or all(lemma(t.lower()) in known for t in place.split()) or _country_of_source(place, source)


def _country_of_source(place: str, source: str) -> bool:
    adjectives = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", source)}
    return any(place.lower() in _DEMONYMS.get(a, ()) for a in adjectives)


_CAP_RUN = re.compile(r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*")
# After a place: a possessive or a lower-case word that is no stopword makes it a modifier.
_MODIFIED = re.compile(r"['’]s\b|\s+(?!(?:held|took|made|said|saw|left|fell|rose|won|lost|began|hit|put|set|kept|"
                      r"brought|led|met|ran|sent|spent|stood|gave|got|became|grew|cost|caused|forced|delayed)\b)"
                      r"(?![a-z]+ed\b)[a-z]+")  # a verb after the place ends its phrase: "in Portugal held"
_STOPWORD_NEXT = re.compile(r"\s+(?:" + "|".join(sorted(STOPWORDS, key=len, reverse=True)) + r")\b")


@functools.lru_cache(maxsize=512)  # the whole source is asked again for every claim
def _names_by_slot(text: str) -> dict[str, frozenset[str]]:
    """slot -> names: 'minister' -> {'Sanae Takaichi'}, 'in' -> {'Nara City'}."""
    out: dict[str, set[str]] = {}
    alpha = [w for w in words(text) if w[:1].isalpha()]
    if len(alpha) >= 4 and not any(w[:1].islower() and w.lower() not in STOPWORDS for w in alpha):
        return out  # a headline in title case: every word looks like a name
    for m in _CAP_RUN.finditer(text):
        toks = [re.sub(r"['’]s$", "", t).rstrip(".,") for t in m.group(0).split()]
        titled = [i for i, t in enumerate(toks) if t.lower() in _TITLES]
        before = text[: m.start()].split()
        prev = before[-1].lower().strip(",") if before else ""
        if titled:
            slot, name = toks[titled[-1]].lower(), toks[titled[-1] + 1 :]
        elif prev in _TITLES:  # "chairman Gordon Peel"
            slot, name = prev, toks
        else:
            if prev not in _PLACE_PREPS:
                continue
            slot, name = prev, toks
            after = text[m.end() : m.end() + 30]
            if (all(t.lower() in REGION_WORDS for t in name) or (len(name) == 1 and name[0].isupper())
                    or any(t.lower() in _DATE_WORDS for t in name)
                    or (_MODIFIED.match(after) and not _STOPWORD_NEXT.match(after))):
                # "in East Asia", "in AI", "in September", "in Peru's south", "in East African
                # markets": a region, an acronym, a date or a modifier, not a place to swap
                continue
        if name:
            out.setdefault(slot, set()).add(" ".join(name))
    return {k: frozenset(v) for k, v in out.items()}


def name_swap(claim: str, evidence: str, source: str = "") -> tuple[str, str] | None:
    """(claim name, evidence name) when both put a different name in the same slot (same title,
    or 'in'/'at' for places) and neither name shares a word with the other side's names there.
    With ``source`` (all of it), a claim name that the source itself puts in that slot anywhere
    is no swap ("Judge Lindqvist dissented" where the evidence names Judge Ortega)."""
    cs, es = _names_by_slot(claim), _names_by_slot(evidence)
    # Only for people: a place the source names elsewhere ("from Benin City") may well be
    # where another part of the story happens.
    ss = {k: v for k, v in _names_by_slot(source).items() if k not in _PLACE_PREPS} if source else {}
    for slot in sorted(set(cs) & set(es)):
        c_words = {w.lower() for n in cs[slot] for w in n.split()}
        e_words = {w.lower() for n in es[slot] | ss.get(slot, frozenset()) for w in n.split()}
        new = sorted(n for n in cs[slot] if not {w.lower() for w in n.split()} & e_words and n not in evidence
                     and not (slot in _PLACE_PREPS and _known_place(n, source)))
        gone = sorted(n for n in es[slot] if not {w.lower() for w in n.split()} & c_words and n not in claim)
        if new and gone:
            return new[0], gone[0]
    return None


# Nouns that say what kind of place or body the name before them is ("the Kessor district",
# "MeerKAT telescope", "Nimman station"): a new name before the same noun where the source has
# another is a swap of the same slot.
_KIND_NOUNS = frozenset(lemma(w) for w in wordlist("kind_nouns"))
_NAME_KIND = re.compile(r"\b([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s+([a-z]{3,})\b(?![-’'])")


def _named_kinds(text: str, nouns: dict[str, str] | None = None) -> dict[str, set[str]]:
    """noun lemma -> the names before it; ``nouns`` collects lemma -> the noun as written."""
    out: dict[str, set[str]] = {}
    nouns = {} if nouns is None else nouns
    for m in _NAME_KIND.finditer(text):
        name = re.sub(r"['’]s$", "", m.group(1).split()[-1])  # the name's own word: "South Africa's Parkes"
        if lemma(m.group(2)) in _KIND_NOUNS and name.lower() not in STOPWORDS and not (m.start() == 0 and " " not in m.group(1)):
            out.setdefault(lemma(m.group(2)), set()).add(name)
            nouns.setdefault(lemma(m.group(2)), m.group(2))
    return out


def kind_swap(claim: str, evidence: str, source: str) -> tuple[str, str, str] | None:
    """(claim name, evidence name, noun) when the claim puts a name the source never has before
    the noun the evidence puts another name before ("in the Cusco region" / "in the Arequipa region")."""
    written: dict[str, str] = {}
    ck, ek = _named_kinds(claim, written), _named_kinds(evidence)
    for noun in sorted(set(ck) & set(ek)):
        new = sorted(n for n in ck[noun] if not re.search(rf"\b{re.escape(n)}\b", source))
        gone = sorted(n for n in ek[noun] if n not in claim)
        if new and gone and not any(same_place(n, g) for n in new for g in gone):  # "Senegal's coast"
            return new[0], gone[0], written[noun]
    return None


# Two or more capitalised words in a row ("Piotr Malinowski", "Halberg Securities"), joined by
# "of" or "for" inside an organisation's name ("Bureau for Economic Research"); not "and", which
# joins lists ("German and Dutch museums").
_NAME_RUN = re.compile(r"\b[A-Z][\w’'-]+(?:(?:\s+(?:of|for|de|la))?\s+[A-Z][\w’'-]+)+")
_CONNECTORS = frozenset({"of", "for", "de", "la"})
_PLACE_ADJECTIVE = re.compile(r"(?:an|ese|ish|ic)$")


def _regional(words_: list[str]) -> bool:
    """'East Asia', 'Southeast Asian', 'East African': a region, not a body the story should name."""
    low = [w.lower() for w in words_]
    return all(w in REGION_WORDS for w in low) or (
        len(low) == 2 and low[0] in REGION_WORDS and bool(_PLACE_ADJECTIVE.search(low[1])))


def new_names(text: str, source: str) -> list[str]:
    """Runs of two or more capitalised words in a row that the source never has: a person or
    organisation the story never mentions ("Wieczorek's coach, Grandmaster Piotr Malinowski",
    "The World Bank"). A run that starts the claim counts only from its second word (sentence case)."""
    out = []
    for m in _NAME_RUN.finditer(text):
        parts = m.group(0).split()
        if m.start() == 0:
            parts = parts[1:]
        run: list[str] = []
        for p in parts + [""]:  # consecutive new words: "Grandmaster" is known, "Piotr Malinowski" not
            bare = re.sub(r"['’]s$", "", p).strip(".,;:")
            if run and bare in _CONNECTORS:
                run.append(p)
                continue
            # Known only as a capitalised word: the story's "health authorities" do not name the
            # "World Health Organization".
            if bare and bare[:1].isupper() and not re.search(rf"\b{re.escape(bare)}\b", source):
                run.append(p)
                continue
            while run and run[-1] in _CONNECTORS:
                run.pop()
            caps = [w for w in run if w not in _CONNECTORS]
            if len(caps) >= 2 and not _regional(caps):
                out.append(" ".join(run))
            run = []
    return out


# Between two names, these make the relation symmetric ("Lee met Takaichi" = "Takaichi met Lee")
# or passive ("Delta was bought by Alaska"), so the order of the names says nothing about roles.
_NO_ROLE_ORDER = wordlist("no_role_order")


def _name_positions(text: str) -> tuple[list[str], dict[str, int]]:
    """Lower-case tokens and the position of each capitalised word that occurs once (a sentence's
    capitalised first word counts too: only names both texts share are compared)."""
    toks = [re.sub(r"['’]s$", "", t) for t in words(text)]
    pos: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, t in enumerate(toks):
        seen[t.lower()] = seen.get(t.lower(), 0) + 1
        if t[:1].isupper() and t.lower() not in STOPWORDS | _TITLES | _DATE_WORDS:
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
                   r"crushed|upset|outplayed|outsprinted|eliminated|(?:holding|held|holds|hold) off|"
                   r"(?:pulling|pulled|pulls) away from|(?:win|wins|won|victory|triumph)\b.*\b(?:over|against))\b"),
        re.compile(r"\b(?:lost|lose|loses|losing|fell|falls|defeat|loss) to\b|\b(?:beaten|defeated|eliminated) by\b"),
    ),
    "sue": (
        re.compile(r"\b(?:sued|sues|suing|(?:lawsuit|suit|case|complaint|action|claim)\b.*\bagainst|"
                   r"(?:took|takes|taking)(?!\s+(?:over|control)))\b"),
        re.compile(r"\b(?:sued|lawsuit|suit|case|complaint|action|claim|brought|filed) by\b"),
    ),
    "buy": (  # "A agreed to take over B" where "B agreed to buy A"
        re.compile(r"\b(?:buy|buys|buying|bought|acquire|acquires|acquiring|acquired|purchase|purchases|purchasing|"
                   r"purchased|(?:take|takes|taking|took) (?:over|control of)|(?:takeover|acquisition|purchase) of)\b"),
        re.compile(r"\b(?:(?:bought|acquired|purchased|taken over) by|(?:sold|sells|sell|selling) (?:itself )?to)\b"),
    ),
}
# Times and dates between two names say nothing about their roles ("won on Sunday, April 12,
# 2026, in 2 hours, 4 minutes and 31 seconds, pulling away from B"): left out of the gap.
_TIMES = re.compile(r"\b\d[\d:.,]*(?:\s*(?:hours?|minutes?|seconds?|mins?|secs?)\b)?(?:,?\s*(?:and\s+)?\d+\s*"
                    r"(?:hours?|minutes?|seconds?|mins?|secs?)\b)*,?")
RELATION_GAP = 14  # most words between the two names ("A won the final on Sunday, beating B")
_BROUGHT_BY = re.compile(r"\b(?:lawsuit|suit|case|complaint|action|claim|brought|filed) by\b")


@functools.lru_cache(maxsize=2048)  # source sentences are read again for every claim
def relations(text: str) -> frozenset[tuple[str, str, str]]:
    """(relation, first party, second party) read from the words between each two names of a
    sentence: "New Zealand beat Sri Lanka" -> ("beat", "zealand", "sri") and ("beat", "zealand",
    "lanka"); "Sri Lanka lost to New Zealand" gives the same; "A took B to court" -> ("sue", a, b)."""
    toks, pos = _name_positions(_TIMES.sub(" ", text))
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
    return frozenset(out)


@functools.lru_cache(maxsize=64)
def _source_relations(source: str) -> frozenset[tuple[str, str, str]]:
    return frozenset().union(*(relations(s) for s in re.split(r"(?<=[.!?])\s+", source)))


def relation_swap(claim: str, evidence: str, source: str = "") -> tuple[str, str, str] | None:
    """(relation, claim's first party, its second) when the evidence has the two the other way
    round ("handed Sri Lanka victory over New Zealand" against "New Zealand beat Sri Lanka"),
    unless the source also has them the claim's way somewhere (two matches of one series)."""
    theirs = relations(evidence)
    if not theirs:
        return None
    everywhere = _source_relations(source) if source else frozenset()
    for rel, a, b in sorted(relations(claim)):
        if (rel, b, a) in theirs and (rel, a, b) not in theirs | everywhere:
            return rel, a, b
    return None
