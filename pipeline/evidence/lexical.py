"""Tokens, numbers and names for the embedded scorer (no models, no offsets).

Everything here is deterministic and cheap: a regex tokeniser, an inline
stopword list, a tiny suffix-stripping lemmatiser, number normalisation
("1,000" == "1000", "five" == "5", "16th" == "16", "12%" == "12 percent") and
a capitalised-name detector that copes with sentence-initial capitals,
possessives and dotted acronyms ("U.S." -> "us").  Matching against a source is
case-insensitive because many news corpora are lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .wordlists import wordlist

STOPWORDS = wordlist("stopwords")

NEGATIONS = wordlist("negations")

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twice": 2, "half": 0.5,
}
# "second" is usually ordinal in news ("second half", "second time"); as a
# claim number it is only novel when the source has neither "second" nor "2".
_MONTHS = (
    "january february march april may june july august september october november december"
).split()

_DATE_WORDS = frozenset(_MONTHS) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

# Broad regions and compass words: they name no specific place.
REGION_WORDS = wordlist("region_words")

_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[A-Za-z]+(?:['’][A-Za-z]+)?")
_SENT_START = re.compile(r"""(?:^|[.!?:;]["'”’)\]]*\s+|["“‘(\[-]\s*)$""")


def _acronyms(text: str) -> str:
    return _ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", text)


def lemma(word: str) -> str:
    """A tiny suffix stripper: good enough to match 'sanctions'/'sanctioned'."""
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    elif w.endswith("es") and len(w) > 4 and w[-3] in "sxzh":
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]  # stopped -> stopp -> stop
    return w


def normalise_number(tok: str) -> str | None:
    """'1,000' -> '1000', '16th' -> '16', '2.50' -> '2.5', 'five' -> '5'; else None."""
    t = tok.lower()
    if t in _NUMBER_WORDS:
        v = _NUMBER_WORDS[t]
        return str(v)
    if not t[:1].isdigit():
        return None
    t = re.sub(r"(st|nd|rd|th)$", "", t)
    t = re.sub(r",(?=\d{3}\b)", "", t)
    t = t.replace(",", "")
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    elif len(t) > 1 and t.isdigit():
        t = t.lstrip("0") or "0"  # "2:03:41" -> 2, 3, 41; "08" is 8
    return t


@dataclass
class Lexicon:
    """Token views of one text."""

    tokens: list[str]  # lower-case surface tokens, possessive stripped
    lemmas: list[str]  # lemma of every token
    content: list[str]  # lemmas of content words (no stopwords, no numbers)
    numbers: list[str]  # normalised numbers
    names: list[str]  # lower-cased capitalised tokens and acronyms (see analyse)
    negations: int = 0
    surface: list[str] = field(default_factory=list)  # lower-case token of each content lemma
    raw: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)  # numbers not written as part of a date


# Tokenised text writes "56, 000" and "1. 7 million"; join them back.
_SPLIT_THOUSANDS = re.compile(r"(\d),\s(\d{3})(?!\d)")
_SPLIT_DECIMAL = re.compile(r"(\d)\.\s(\d+\s*(?:million|billion|trillion|bn|m|per cent|percent|%))", re.I)


_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNITS = "one two three four five six seven eight nine".split()
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS)})[- ]({'|'.join(_UNITS)})\b", re.I)  # "Twenty-three" is 23


def join_figures(text: str) -> str:
    text = _COMPOUND.sub(lambda m: str(10 * (_TENS.index(m.group(1).lower()) + 2) + _UNITS.index(m.group(2).lower()) + 1), text)
    return _SPLIT_DECIMAL.sub(r"\1.\2", _SPLIT_THOUSANDS.sub(r"\1,\2", text))


def analyse(text: str) -> Lexicon:
    text = _acronyms(join_figures(text))
    tokens, lemmas, content, numbers, names, raw = [], [], [], [], [], []
    neg = 0
    surf: list[str] = []
    initials: list[tuple[str, int]] = []
    quantities: list[str] = []
    day_at: list[int] = []  # index into numbers of figures that may be a day of the month
    for m in _TOKEN.finditer(text):
        surface = m.group(0)
        low = surface.lower().replace("’", "'")
        if low.endswith("n't"):
            neg += 1
            low = low[:-3] or low
        if low.endswith("'s"):
            low = low[:-2]
        elif "'" in low:
            low = low.split("'")[0]
        if not low:
            continue
        raw.append(surface)
        tokens.append(low)
        lem = lemma(low)
        lemmas.append(lem)
        if low in NEGATIONS:
            neg += 1
        if low in _DATE_WORDS and (surface[:1].isupper() or low not in ("may", "march")):
            if low in _MONTHS and day_at and day_at[-1] == len(tokens) - 2:
                quantities.pop()  # "12 May": the 12 was a day, not an amount
                day_at.pop()
            numbers.append(low)
            continue
        num = normalise_number(low)
        if num is not None and low not in ("second", "half"):
            numbers.append(num)
            # A day after a month ("May 12") or a year is part of a date: the same digits in a
            # claim's "12 percent" are still a figure the story never gives.
            if not (_is_year(num) or (len(tokens) > 1 and tokens[-2] in _MONTHS)):
                quantities.append(num)
                day_at.append(len(tokens) - 1)
            continue
        if surface.isupper() and len(surface) > 1 and low not in ("i", "a"):
            names.append(low)  # acronym: US, UN, BBC
        if low in STOPWORDS or len(low) < 2:
            continue
        content.append(lem)
        surf.append(low)
        if surface[:1].isupper() and not (surface.isupper() and len(surface) > 1):
            initial = m.start() == 0 or bool(_SENT_START.search(text[max(0, m.start() - 4) : m.start()]))
            if not initial:
                names.append(low)
            elif low not in _COMMON_INITIAL:
                initials.append((low, m.end()))
    _initial_names(text, initials, names)
    return Lexicon(tokens, lemmas, content, numbers, names, neg, surf, raw, quantities)


def _initial_names(text: str, initials: list[tuple[str, int]], names: list[str]) -> None:
    """A sentence-initial capital is a name only when a capitalised word follows it ("North
    Korea", "Bitcoin ETFs") or the text capitalises it mid-sentence too; "Potential areas ..."
    or "Historical tensions ..." are plain words. Appends to ``names``."""
    for low, end in initials:
        nxt = _TOKEN.search(text, end)
        if low in names or (nxt and nxt.group(0)[:1].isupper() and nxt.start() - end <= 2):
            names.append(low)


def _is_year(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1800 <= int(num) <= 2100


# Words that often start a news sentence with a capital but are not names.
_COMMON_INITIAL = wordlist("common_initial") | STOPWORDS | frozenset(_MONTHS)


def number_set(lex: Lexicon) -> set[str]:
    return set(lex.numbers)


def bigrams(seq: list[str]) -> set[tuple[str, str]]:
    return set(zip(seq, seq[1:]))
