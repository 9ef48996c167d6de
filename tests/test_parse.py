from pathlib import Path

import pytest

from pipeline.errors import BadInput
from pipeline.parse import parse_file, parse_text, role_for

SEEDS = Path(__file__).parent.parent / "seeds"
BAD = Path(__file__).parent / "fixtures" / "bad"
SEED = SEEDS / "000_041345f959c62141.txt"


def test_seed_sections_roles_and_offsets():
    b = parse_file(SEED)
    assert b.headline.startswith("South Korea Balances Diplomatic Act")
    assert b.timestamp == "Mon Jan 12 17:15:42 UTC 2026"
    assert [(s.name, s.role) for s in b.sections] == [
        ("Headline", "source"), ("The Story", "source"), ("Key Points", "summary"),
        ("Critical Analysis", "analysis"), ("Key Takeaways", "summary"), ("Impact Analysis", "analysis"),
    ]
    assert b.body(b.section("The Story")).startswith("South Korean President Lee Jae Myung")
    assert b.body(b.section("Impact Analysis")).endswith("Bitcoin ETFs also hold long term value.")
    assert b.text == SEED.read_text(encoding="utf-8")


def test_markdown_form_matches_plain_form():
    plain = parse_file(SEED)
    md_text = plain.text.replace(plain.text.split("\n")[0], f"# {plain.headline}", 1)
    for s in plain.sections[1:]:
        md_text = md_text.replace(f"\n{s.name}:\n", f"\n## {s.name}\n", 1)
    md = parse_text(md_text, "seed.md")
    assert [(s.name, s.role) for s in md.sections] == [(s.name, s.role) for s in plain.sections]
    assert [md.body(s) for s in md.sections] == [plain.body(s) for s in plain.sections]


def test_crlf_bom_and_stray_whitespace_keep_exact_offsets():
    raw = SEED.read_text(encoding="utf-8")
    text = "\ufeff\r\n" + raw.replace("\n", "  \r\n") + "\r\n\r\n"
    b = parse_text(text, "crlf.txt")
    assert [s.name for s in b.sections] == [s.name for s in parse_file(SEED).sections]
    for s in b.sections:
        body = b.body(s)
        assert body == body.strip() and "\r" not in body.splitlines()[0]


def test_unknown_section_names_get_roles_by_heuristic():
    assert role_for("Background") == "source"
    assert role_for("Summary") == "summary"
    assert role_for("Market Reaction") == "analysis"
    assert role_for("What To Watch") == "analysis"


@pytest.mark.parametrize(
    "name,reason",
    [
        ("empty.txt", "empty"), ("whitespace_only.txt", "empty"), ("binary.txt", "binary"),
        ("utf16.txt", "not UTF-8"), ("no_sections.txt", "no sections"),
        ("only_headline.txt", "no sections"), ("headline_no_story.txt", "no source section"),
    ],
)
def test_bad_input_names_file_and_reason(name, reason):
    with pytest.raises(BadInput) as e:
        parse_file(BAD / name)
    assert reason in e.value.reason
    assert str(BAD / name) in str(e.value) and "\n" not in str(e.value)


def test_missing_directory_and_oversize(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        parse_file(tmp_path / "nope.txt")
    d = tmp_path / "dir.txt"
    d.mkdir()
    with pytest.raises(BadInput, match="directory"):
        parse_file(d)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 3_000_000)
    with pytest.raises(BadInput, match="too large"):
        parse_file(big)
