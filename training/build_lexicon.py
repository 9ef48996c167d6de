"""Build pipeline/data/opposites.json (opposites and outcome reversals) from WordNet 3.0.

    apt-get install -y wordnet-base      # Debian: WordNet's database files under /usr/share/wordnet
    python training/build_lexicon.py [--wordnet /usr/share/wordnet] [--senses 3] [--out ...]

What goes in:
- **antonyms with synonym closure**: every WordNet antonym pointer (``!``) between two synsets of
  verbs and adjectives (``--pos``; nouns and adverbs measured noisier) opposes every lemma of the one synset to every lemma of the
  other ("win"/"lose", "rise"/"fall", "increase"/"decrease", "acquit"/"convict");
- **indirect adjective antonyms**: satellites (``&``) of an adjective head are opposed to the
  opposite head ("soaring" is not a word of WordNet's, but "upward"/"downward" heads carry theirs);
- **outcome reversals** WordNet does not mark as antonyms (``OUTCOME_SEEDS`` below: "approve"/
  "reject", "continue"/"end", "uphold"/"overturn"...), each side widened by the lemmas of its
  first WordNet senses.

A pair is kept only where each word's synset is among its ``--senses`` most frequent senses
(WordNet's index order), so rare senses ("lose" = "fail to keep", not "be defeated") do not bring
noise. Words are keyed the way the embedded engine compares them (``lexical.lemma``), with
WordNet's irregular forms added ("won" -> "win", "rose"/"fell", "better"/"worse"), so a lookup of
``lemma("won")`` finds ``lemma("lost")``. No stopword is a key. Deterministic: sorted output.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evidence.lexical import STOPWORDS, lemma  # noqa: E402

POS = {"verb": "v", "adj": "a", "noun": "n", "adv": "r"}
# Outcome reversals (verb or adjective pairs) that WordNet does not link by an antonym pointer.
# Not converses ("beat"/"lose": the winner beats, the loser loses) nor sequences ("arrive"/"depart",
# "join"/"leave"): both are said of one event; measured as false contradictions on dev.
OUTCOME_SEEDS = [
    ("approve", "reject"), ("accept", "reject"), ("grant", "refuse"), ("grant", "deny"), ("allow", "ban"),
    ("continue", "end"), ("continue", "halt"), ("continue", "abandon"), ("resume", "suspend"),
    ("uphold", "overturn"), ("uphold", "overrule"), ("confirm", "deny"), ("pass", "fail"),
    ("succeed", "fail"), ("agree", "collapse"), ("win", "lose"),
    ("rise", "fall"), ("rise", "drop"), ("climb", "fall"), ("gain", "lose"), ("expand", "shrink"),
    ("expand", "cut"), ("raise", "cut"), ("raise", "lower"), ("hire", "fire"), ("hire", "lay_off"),
    ("support", "oppose"), ("launch", "scrap"), ("open", "close"), ("survive", "die"), ("release", "detain"),
    ("acquit", "convict"), ("sign", "veto"), ("surge", "plunge"), ("strengthen", "weaken"), ("boost", "reduce"),
    ("extend", "shorten"),
    ("victory", "defeat"), ("profit", "loss"), ("surplus", "deficit"), ("success", "failure"),
]
SEED_SENSES = 1  # outcome seeds widen only through their first (most frequent) sense
# Opposites that name two things a story mentions side by side rather than one claim and its
# reversal ("North Korea" in a story about South Korea; "white" and "black" pieces; exports and
# imports of one trade deal): measured as false flags on the briefing sets, left out.
EXCLUDED = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "white", "black",
            "import", "export", "sit", "lie", "stand", "age", "early", "late", "stay", "change", "large", "small",
            "larger", "smaller", "find", "found", "miss", "missing", "conclude", "concluded", "aged",
            "minute", "live", "living", "recorded", "first", "last"}


def read_index(wn: Path, pos: str) -> dict[str, list[str]]:
    """lemma -> its synset offsets, most frequent sense first."""
    out = {}
    for line in (wn / f"index.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split()
        n_ptr = int(f[3])
        n_syn = int(f[2])
        out[f[0]] = f[6 + n_ptr :][-n_syn:]
    return out


def read_data(wn: Path, pos: str) -> dict[str, dict]:
    """offset -> {"words": [...], "ptrs": [(symbol, offset, pos, src, tgt)], "type": ss_type}."""
    out = {}
    for line in (wn / f"data.{pos}").read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        w_cnt = int(f[3], 16)
        words = [f[4 + 2 * i].lower().split("(")[0] for i in range(w_cnt)]
        j = 4 + 2 * w_cnt
        p_cnt = int(f[j])
        ptrs = []
        for k in range(p_cnt):
            sym, off, p, st = f[j + 1 + 4 * k : j + 5 + 4 * k]
            ptrs.append((sym, off, p, int(st[:2], 16), int(st[2:], 16)))
        out[f[0]] = {"words": words, "ptrs": ptrs, "type": f[2]}
    return out


def read_exceptions(wn: Path, pos: str) -> dict[str, set[str]]:
    """base form -> irregular inflected forms ("win" -> {"won"})."""
    out: dict[str, set[str]] = defaultdict(set)
    p = wn / f"{pos}.exc"
    if p.exists():
        for line in p.read_text(encoding="latin-1").splitlines():
            f = line.split()
            for base in f[1:]:
                out[base].add(f[0])
    return out


def forms(word: str, pos: str, exc: dict[str, dict[str, set[str]]]) -> set[str]:
    """The word and its irregular forms; adjectives also their regular comparative/superlative
    (regular verb and noun inflections fall to ``lexical.lemma`` on their own)."""
    out = {word} | exc.get(pos, {}).get(word, set())
    if pos == "adj" and len(word) <= 6 and word.isalpha() and not word.endswith(("ed", "ing", "ic", "al", "ous")):
        stem = word[:-1] if word.endswith("e") else (word[:-1] + "i" if word.endswith("y") else word)
        out |= {stem + "er", stem + "est"}
    return out


def _ok(word: str) -> bool:
    return word.isalpha() and len(word) > 2 and word not in STOPWORDS


def antonym_pairs(wn: Path, senses: int, parts: tuple[str, ...]) -> set[tuple[str, str, str]]:
    """(word, opposite word, pos) from antonym pointers, with synonym closure and indirect
    adjective antonyms, each word's synset within its ``senses`` most frequent senses."""
    pairs = set()
    for pos, p in POS.items():
        if pos not in parts:
            continue
        index, data = read_index(wn, pos), read_data(wn, pos)

        def frequent(word: str, off: str) -> bool:
            return off in index.get(word, [])[:senses]

        def members(off: str, with_satellites: bool) -> list[tuple[str, str]]:
            out = [(w, off) for w in data[off]["words"]]
            if with_satellites:
                for sym, o2, _, _, _ in data[off]["ptrs"]:
                    if sym == "&" and o2 in data:  # a satellite joins only as its word's first sense
                        out += [(w, o2) for w in data[o2]["words"] if index.get(w, [""])[0] == o2]
            return out

        for off, syn in data.items():
            for sym, o2, p2, _, _ in syn["ptrs"]:
                if sym != "!" or p2 not in (p, "s" if p == "a" else p) or o2 not in data:
                    continue
                for a, oa in members(off, pos == "adj"):
                    for b, ob in [(w, o2) for w in data[o2]["words"]]:
                        if _ok(a) and _ok(b) and a != b and frequent(a, oa) and frequent(b, ob) \
                                and not ({a, b} & EXCLUDED):
                            pairs.add((a, b, pos))
                            pairs.add((b, a, pos))
    return pairs


def seed_pairs(wn: Path) -> set[tuple[str, str, str]]:
    """Outcome reversals: each seed word widened by the lemmas of its first sense(s)."""
    pairs = set()
    for pos in ("verb", "adj", "noun"):
        index, data = read_index(wn, pos), read_data(wn, pos)

        def widen(word: str) -> set[str]:
            out = {word} if word in index else set()
            for off in index.get(word, [])[:SEED_SENSES]:  # synonyms for which this is their first sense too
                out |= {w for w in data[off]["words"] if _ok(w) and index.get(w, [""])[0] == off and w not in EXCLUDED}
            return out

        for a, b in OUTCOME_SEEDS:
            wa, wb = widen(a), widen(b)
            if a in index and b in index:
                for x in wa:
                    for y in wb:
                        if x != y:
                            pairs.add((x, y, pos))
                            pairs.add((y, x, pos))
    return pairs


def build(wn: Path, senses: int, parts: tuple[str, ...] = ("verb", "adj")) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(lemma key -> sorted opposite keys, lemma key -> a surface word for it)."""
    exc = {pos: read_exceptions(wn, pos) for pos in POS}
    table: dict[str, set[str]] = defaultdict(set)
    surf: dict[str, str] = {}
    for a, b, pos in sorted(antonym_pairs(wn, senses, parts) | seed_pairs(wn)):
        ka = {lemma(f) for f in forms(a, pos, exc)}
        kb = {lemma(f) for f in forms(b, pos, exc)}
        for f in sorted(forms(a, pos, exc), key=lambda x: (len(x), x)):
            surf.setdefault(lemma(f), f)
        if ka & kb:  # the two collapse to one key: nothing to tell apart
            continue
        for x in ka:
            if x in STOPWORDS or len(x) < 3:
                continue
            table[x] |= {y for y in kb if y not in STOPWORDS and len(y) >= 3}
    table = {k: sorted(v) for k, v in sorted(table.items()) if v}
    return table, {k: surf[k] for k in table if k in surf and surf[k] != k}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--senses", type=int, default=2, help="a word's synset must be among its N most frequent senses")
    ap.add_argument("--pos", nargs="+", default=["verb", "adj"], choices=list(POS),
                    help="parts of speech whose antonym pointers are used (nouns come only from OUTCOME_SEEDS)")
    ap.add_argument("--out", default=str(ROOT / "pipeline" / "data" / "opposites.json"))
    args = ap.parse_args(argv)
    wn = Path(args.wordnet)
    table, surf = build(wn, args.senses, tuple(args.pos))
    n_pairs = sum(len(v) for v in table.values()) // 2
    doc = {
        "provenance": {
            "source": "WordNet 3.0 (Princeton University), Debian package wordnet-base, " + str(wn),
            "licence": "WordNet 3.0 licence: 'Permission to use, copy, modify and distribute this software and "
                       "database and its documentation for any purpose and without fee or royalty is hereby granted, "
                       "provided that you agree to comply with the following copyright notice and statements, "
                       "including the disclaimer, and that the same appear on ALL copies of the software, database "
                       "and documentation, including modifications that you make for internal use or for "
                       "distribution. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. "
                       "THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO "
                       "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. [...] The name of Princeton University "
                       "or Princeton may not be used in advertising or publicity pertaining to distribution of the "
                       "software and/or database. Title to copyright in this software, database and any associated "
                       "documentation shall at all times remain with Princeton University and LICENSEE agrees to "
                       "preserve same.' Full text: /usr/share/doc/wordnet-base/copyright",
            "command": f"python training/build_lexicon.py --senses {args.senses} --pos {' '.join(args.pos)}",
            "date": datetime.date.today().isoformat(),
            "method": f"antonym pointers of {', '.join(args.pos)} with synonym closure and indirect "
                      "adjective antonyms (satellites), EXCLUDED words left out, each word's synset among its "
                      f"{args.senses} most frequent senses; plus {len(OUTCOME_SEEDS)} outcome-reversal seeds "
                      "(training/build_lexicon.py OUTCOME_SEEDS) widened by their first WordNet sense; keys are "
                      "pipeline.evidence.lexical.lemma of each word and of its WordNet irregular forms",
            "keys": len(table),
            "pairs": n_pairs,
        },
        # One line per key ("key opp1 opp2 ..."): a single JSON string decodes several times faster
        # than a 16k-key object, and the checker loads this file in every process.
        "format": "opposites: lines 'lemma opposite opposite ...'; surface: lines 'lemma word'",
        "opposites": "\n".join(" ".join([k, *v]) for k, v in table.items()),
        "surface": "\n".join(f"{k} {w}" for k, w in surf.items()),
    }
    out = Path(args.out)
    out.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(table)} keys, {n_pairs} opposite pairs")
    for w in ("won", "rose", "approved", "continues", "higher", "acquitted", "victory"):
        print(f"  {w} -> {table.get(lemma(w), [])[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
