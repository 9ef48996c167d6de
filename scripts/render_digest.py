#!/usr/bin/env python
"""Render the seed briefing's HTML digest email in headless Chromium to a PNG (outside the repo).

Runs `briefcheck run` over the seed (plus any briefings given) in a throwaway BRIEFCHECK_HOME,
takes the HTML part of the digest email from the outbox, and screenshots it with Debian's
`chromium` (no network: the email loads nothing from outside anyway).

    python scripts/render_digest.py                          # -> /tmp/briefcheck-digest.png, 800 px wide
    python scripts/render_digest.py --width 390 --out /tmp/phone.png   # a phone's width
    python scripts/render_digest.py seeds/010_contradiction.txt seeds/013_off_topic.txt
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_041345f959c62141.txt"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def digest_html(briefings: list[Path], work: Path, review_url: str) -> str:
    """Run the briefings through `briefcheck run` and return the digest email's HTML part."""
    inbox, home = work / "inbox", work / "home"
    inbox.mkdir()
    for b in briefings:
        shutil.copy(b, inbox / b.name)
    env = {**os.environ, "BRIEFCHECK_HOME": str(home), "BRIEFCHECK_MAIL_TO": "desk@example.org",
           "BRIEFCHECK_REVIEW_URL": review_url}
    for var in ("BRIEFCHECK_SMTP_HOST", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        env.pop(var, None)
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inbox), "--quiet", "--fail-on", "never"],
                       env=env, cwd=ROOT)
    if r.returncode not in (0, 1):  # 1: a briefing failed, which the digest then lists
        raise SystemExit(f"render_digest: briefcheck run exited {r.returncode}")
    emls = sorted((home / "outbox").glob("*.eml"))
    if not emls:
        raise SystemExit("render_digest: the run wrote no digest email")
    msg = BytesParser(policy=policy.default).parsebytes(emls[0].read_bytes())
    return msg.get_body(("html",)).get_content()


def render(html_file: Path, png: Path, width: int, height: int, chromium: str = "chromium") -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--screenshot={png}", html_file.resolve().as_uri()]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    if not png.is_file():
        raise SystemExit(f"render_digest: chromium wrote no {png}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("briefings", nargs="*", type=Path, help="More briefings to put in the digest.")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "briefcheck-digest.png")
    ap.add_argument("--width", type=int, default=800)
    ap.add_argument("--height", type=int, default=1100)
    ap.add_argument("--review-url", default="http://127.0.0.1:8765/review")
    ap.add_argument("--html", type=Path, help="Also keep the HTML here.")
    a = ap.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("render_digest: chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        html = digest_html([SEED, *a.briefings], Path(work), a.review_url)
        html_file = Path(work) / "digest.html"
        html_file.write_text(html, encoding="utf-8")
        if a.html:
            a.html.write_text(html, encoding="utf-8")
        render(html_file, a.out, a.width, a.height, chromium)
    print(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
