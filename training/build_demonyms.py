"""Build pipeline/data/demonyms.txt (a place's adjective and the place) from WordNet 3.0.

    apt-get install -y wordnet-base      # Debian: WordNet's database files under /usr/share/wordnet
    python training/build_demonyms.py [--wordnet /usr/share/wordnet] [--out ...]

Every capitalised adjective with a pertainym (``\\``) or derivation (``+``) pointer to a
capitalised noun of ``noun.location`` or ``noun.object`` (WordNet's lexicographer files 15 and
17: countries, cities, regions, continents, islands) gives one line per such place word:
"senegalese senegal", "danish denmark", "australian australia"; multiword places are joined by
underscores ("american united_states"). Deterministic: sorted output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLACES = {"15", "17"}  # lex_filenum of noun.location (countries, cities) and noun.object (continents, islands)
POINTERS = {"\\", "+"}  # pertainym, derivationally related form

HEADER = ("# A place's adjective and the place, one pair a line (\"in Denmark\" beside \"Danish\" is no swap).\n"
          "# Built by training/build_demonyms.py from WordNet 3.0 pertainyms (Princeton University,\n"
          "# WordNet licence: /usr/share/doc/wordnet-base/copyright); multiword places joined by _.\n")


def _synsets(path: Path):
    """offset -> (lex_filenum, [(word as written)], [(symbol, offset, pos)])."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        w_cnt = int(f[3], 16)
        written = [f[4 + 2 * i].split("(")[0] for i in range(w_cnt)]
        j = 4 + 2 * w_cnt
        ptrs = [tuple(f[j + 1 + 4 * k : j + 4 + 4 * k]) for k in range(int(f[j]))]
        out[f[0]] = (f[1], written, ptrs)
    return out


def build(wn: Path) -> list[str]:
    nouns, adjs = _synsets(wn / "data.noun"), _synsets(wn / "data.adj")
    pairs = set()
    for _, written, ptrs in adjs.values():
        proper = [w for w in written if w[:1].isupper() and "_" not in w]
        for sym, off, pos in ptrs:
            if sym not in POINTERS or pos != "n" or off not in nouns or nouns[off][0] not in PLACES:
                continue
            for place in nouns[off][1]:
                if place[:1].isupper():
                    pairs.update((a.lower(), place.lower()) for a in proper)
    return sorted(f"{a} {p}" for a, p in pairs if a != p)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--out", default=str(ROOT / "pipeline" / "data" / "demonyms.txt"))
    args = ap.parse_args(argv)
    lines = build(Path(args.wordnet))
    Path(args.out).write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} pairs -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
