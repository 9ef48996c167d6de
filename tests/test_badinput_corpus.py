"""A corpus of malformed inputs (generated here, in tmp_path: no 60 MB file in the repository).

Each bad file gets exactly one line on stderr naming it and the reason; the batch goes on; the
summary counts them; the next run does not retry them unless their content changes.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_batch_support import make_briefing, report_files

from pipeline import batch as batch_mod
from pipeline.cli import cli

GOOD = make_briefing(0)
NOSEC = ("no sections", "no recognisable sections")  # the parser's wording for "no section headers"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _corpus(inbox: Path) -> dict[str, str | None]:
    """Write the corpus; returns {relative path: expected reason keyword, or None if valid}."""
    inbox.mkdir(parents=True)
    w = lambda name, data: (inbox / name).write_bytes(data)  # noqa: E731
    good = GOOD.encode()
    rnd = random.Random(5)
    exp: dict[str, str | None] = {}

    def bad(name, data, keyword):
        w(name, data)
        exp[name] = keyword

    bad("empty.txt", b"", "empty")
    bad("empty.md", b"", "empty")
    bad("whitespace.txt", b"  \n\t\r\n   \n", "empty")
    bad("bom_only.txt", b"\xef\xbb\xbf", "empty")
    bad("bom_whitespace.txt", b"\xef\xbb\xbf \r\n\r\n\t", "empty")
    bad("binary.txt", bytes(rnd.randrange(256) for _ in range(4096)), "binary")
    bad("png.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary")
    bad("gzip.txt", gzip.compress(good, mtime=0), ("binary", "not UTF-8"))
    # Latin-1 / cp1252 are read (detected), not refused (issue 14); damaged UTF-8 is still refused.
    w("latin1.txt", GOOD.replace("Key Points", "Points clés").encode("latin-1"))
    story = GOOD.split("\n")[2]
    w("cp1252_quotes.txt", GOOD.replace(story, f"\u201c{story}\u201d \u2013 5 \u20ac").encode("cp1252"))
    exp["latin1.txt"] = exp["cp1252_quotes.txt"] = None
    accented = GOOD.replace("Key Points", "Points clés — résumé").encode()
    bad("utf16le.txt", GOOD.encode("utf-16"), "UTF-16")
    bad("utf16be.txt", b"\xfe\xff" + GOOD.encode("utf-16-be"), "UTF-16")
    bad("utf16le_nobom.txt", GOOD.encode("utf-16-le"), "binary")
    bad("utf32.txt", GOOD.encode("utf-32"), "UTF-16")
    bad("nul_in_middle.txt", good[:300] + b"\x00" + good[300:], "binary")
    bad("invalid_utf8_middle.txt", accented[:400] + b"\xc3\x28" + accented[400:], "not UTF-8")
    bad("truncated_utf8.txt", accented + "é".encode()[:1], "not UTF-8")
    bad("only_headline.txt", GOOD.splitlines(keepends=True)[0].encode(), NOSEC)
    bad("no_sections.txt", b"Just a paragraph of prose about a wind farm. It has no headline and no sections.\n",
        NOSEC)
    bad("html.txt", b"<html><body><h1>Wind farm</h1><p>Opened.</p></body></html>\n", NOSEC)
    bad("json.md", json.dumps({"headline": "x", "story": "y"}).encode(), NOSEC)
    bad("markdown_no_sections.md", b"# A headline\n\nSome text but no second-level headings.\n",
        NOSEC)
    story_line = GOOD.split("\n")[2]
    no_source = GOOD.replace("The Story:\n" + story_line + "\n", "")
    bad("no_source.txt", no_source.encode(), "no source section")
    only_story = "\n".join(GOOD.split("\n")[:3]) + "\n"
    bad("only_story.txt", only_story.encode(), "only source sections")
    sections_no_headline = "\n".join(GOOD.split("\n")[1:])
    bad("sections_no_headline.txt", sections_no_headline.encode(), "no headline")
    empty_sections = GOOD.split("\n")[0] + "\nThe Story:\n\nKey Points:\n\nImpact Analysis:\n"
    bad("empty_sections.txt", empty_sections.encode(), "no source section")

    big = inbox / "huge.txt"  # 60 MB, sparse: a real header, then a hole
    with open(big, "wb") as f:
        f.write(good)
        f.truncate(60 * 1024 * 1024)
    exp["huge.txt"] = "too large"

    (inbox / "folder.txt").mkdir()
    exp["folder.txt"] = "folder, not a file"
    (inbox / "nested.md").mkdir()
    exp["nested.md"] = "folder, not a file"
    (inbox / "nested.md" / "inside.txt").write_bytes(make_briefing(1).encode())  # valid, found inside it
    exp["nested.md/inside.txt"] = None

    os.symlink("loop.txt", inbox / "loop.txt")
    exp["loop.txt"] = "symlink loop"
    os.symlink("loop_b.txt", inbox / "loop_a.txt")
    os.symlink("loop_a.txt", inbox / "loop_b.txt")
    exp["loop_a.txt"] = exp["loop_b.txt"] = "symlink loop"
    os.symlink("does-not-exist.txt", inbox / "broken.txt")
    exp["broken.txt"] = "broken symlink"
    os.symlink(".", inbox / "dirloop")  # a symlinked folder pointing at itself: never descended
    os.symlink("folder.txt", inbox / "link_to_folder.txt")
    exp["link_to_folder.txt"] = "symlink to a folder"
    os.mkfifo(inbox / "pipe.txt")
    exp["pipe.txt"] = "not a regular file"

    bad("unreadable.txt", good.replace(b"Key Points", b"Main Points"), "permission denied")
    (inbox / "unreadable.txt").chmod(0)

    # Valid ones: BOM + CRLF must be processed; a symlink to a good file is read through.
    w("bom_crlf.txt", b"\xef\xbb\xbf" + make_briefing(2).replace("\n", "\r\n").encode())
    exp["bom_crlf.txt"] = None
    w("good.txt", good)
    exp["good.txt"] = None
    os.symlink("good.txt", inbox / "link_to_good.txt")  # same bytes as good.txt: skipped as a duplicate

    # Ignored, not reported: not briefing names, hidden files and folders, expected-flag files.
    w("notes.json", b"{}")
    w("good.expected.json", b"{}")
    w(".hidden.txt", b"")
    (inbox / ".git").mkdir()
    w(".git/HEAD.txt", b"")
    return exp


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFCHECK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    if AS_ROOT:
        # root reads a chmod 000 file anyway: simulate the permission error the OS would give a user.
        real = batch_mod._read

        def _read(path):
            if Path(path).name == "unreadable.txt" and os.stat(path).st_mode & 0o777 == 0:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(batch_mod, "_read", _read)
    return tmp_path


def _run(inbox, out):
    return CliRunner().invoke(cli, ["run", str(inbox), "--out", str(out), "--fail-on", "never"],
                              catch_exceptions=False)


def test_bad_input_corpus(env):
    inbox, out = env / "inbox", env / "out"
    exp = _corpus(inbox)
    bad = {k: v for k, v in exp.items() if v is not None}
    assert len(bad) >= 30

    r = _run(inbox, out)
    assert r.exit_code == 1  # some briefings failed
    lines = r.stderr.splitlines()
    assert len(lines) == len(bad), r.stderr
    for name, keyword in bad.items():
        mine = [x for x in lines if x.startswith(f"briefcheck: {inbox}/{name}: ")]
        assert len(mine) == 1, (name, r.stderr)
        keywords = (keyword,) if isinstance(keyword, str) else keyword
        assert any(k.lower() in mine[0].lower() for k in keywords), (name, mine[0])
    # the valid ones went through, the batch went on past every bad file
    valid = [k for k, v in exp.items() if v is None]
    assert f"processed  {len(valid)}" in r.stdout
    assert f"failed     {len(bad)}" in r.stdout
    assert "skipped    1 already checked" in r.stdout  # link_to_good.txt: same bytes as good.txt
    names = {json.loads(v)["briefing"]["path"] for k, v in report_files(out).items() if k.endswith(".json")}
    assert names == set(valid)
    for name in bad:  # each failure is printed once, on stderr, not again in the summary
        assert not any(f"{inbox}/{name}: " in line for line in r.stdout.splitlines())

    # Second run: nothing retried; each bad file is named once more as still bad, and the run fails.
    r = _run(inbox, out)
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == len(bad) and all(x.endswith(" (unchanged since an earlier run)") for x in lines), r.stderr
    assert r.stdout.strip() == f"nothing new in {inbox}/ ({len(valid) + 1} already checked, {len(bad)} still bad)"

    # Fix one bad file and change another's bad bytes: only those two are looked at again.
    (inbox / "invalid_utf8_middle.txt").write_bytes(make_briefing(3).encode())
    (inbox / "whitespace.txt").write_bytes(b"\x00\x01")
    r = _run(inbox, out)
    new_lines = [x for x in r.stderr.splitlines() if not x.endswith(" (unchanged since an earlier run)")]
    assert new_lines == [f"briefcheck: {inbox}/whitespace.txt: binary file (contains NUL bytes)"]
    assert "processed  1" in r.stdout and "failed     1" in r.stdout
    assert f"skipped    {len(valid) + 1} already checked, {len(bad) - 2} still bad" in r.stdout

    con = sqlite3.connect(env / "home" / "briefcheck.db")
    try:
        statuses = dict(con.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall())
    finally:
        con.close()
    # old bytes stay known bad by their hash: invalid_utf8_middle, whitespace; empty.txt/.md share one hash
    assert statuses["failed"] == len(bad) - 1 + 1
    assert statuses["done"] == len(valid) + 1


def test_force_retries_known_bad(env):
    inbox, out = env / "inbox", env / "out"
    inbox.mkdir()
    (inbox / "empty.txt").write_bytes(b"")
    _run(inbox, out)
    r = CliRunner().invoke(cli, ["run", str(inbox), "--out", str(out), "--force"])
    assert r.exit_code == 1 and "empty.txt: empty file" in r.stderr
