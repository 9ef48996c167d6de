"""The seed's HTML digest rendered in headless Chromium (Debian's `chromium`; .ci/run installs it)
to a PNG outside the repo: it must come out as a real picture of a page, at desk and phone width."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
@pytest.mark.parametrize("width", [800, 390])
def test_seed_digest_renders_in_chromium(tmp_path, width):
    png, html = tmp_path / f"digest-{width}.png", tmp_path / "digest.html"
    r = subprocess.run([sys.executable, "scripts/render_digest.py", "--out", str(png), "--width", str(width),
                        "--height", "900", "--html", str(html)], cwd=ROOT, capture_output=True, text=True,
                       timeout=240)
    assert r.returncode == 0, r.stderr
    assert _png_size(png) == (width, 900)
    assert png.stat().st_size > 15_000  # text and colour, not a blank page
    page = html.read_text(encoding="utf-8")
    assert "South Korea Balances Diplomatic Act" in page and "1 claim held back for review" in page
    assert "<script" not in page.lower() and "<link" not in page.lower() and "src=" not in page
