"""One report per briefing on disk: ``<stem>-<sha8>.json`` (the `check --json` contract) and
``<stem>-<sha8>.md`` (for people), each written atomically (temp file, fsync, os.replace).

Reports are a pure function of the briefing's bytes, its path inside the inbox and the engine's
answers: no wall-clock time, run id or elapsed seconds goes in them (``Report.seconds`` is left
out), so a run that was killed and resumed writes byte-identical files to a clean run.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pydantic import ValidationError

from .models import Report
from .render import to_json, to_markdown
from .procs import pid_alive

TMP_SUFFIX = ".briefcheck-tmp"
# Left out of report files so that they depend on content only.
NONDETERMINISTIC = {"seconds"}


def report_stem(rel_path: str, sha256: str) -> str:
    """`<stem>-<sha8>`: the file's name without extension, made filesystem-safe."""
    stem = Path(rel_path).name
    for ext in (".txt", ".md"):
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    stem = re.sub(r"[^\w.\-]+", "_", stem).strip("._") or "briefing"
    return f"{stem[:80]}-{sha256[:8]}"


def report_json(report: Report) -> str:
    d = to_json(report)
    for k in NONDETERMINISTIC:
        d.pop(k, None)
    return json.dumps(d, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so that a reader (or a crash) sees the old file or the whole new one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_reports(report: Report, out_dir: Path, rel_path: str) -> tuple[Path, Path]:
    """Write `<stem>-<sha8>.json` and `.md`; returns their paths. The JSON goes last, so its
    presence implies the Markdown's."""
    stem = report_stem(rel_path, report.briefing.sha256)
    md, js = out_dir / f"{stem}.md", out_dir / f"{stem}.json"
    write_atomic(md, to_markdown(report))
    write_atomic(js, report_json(report))
    fsync_dir(out_dir)
    return js, md


def reuse_reports(stored_json: str | Path, out_dir: Path, rel_path: str) -> tuple[Report, Path, Path] | None:
    """Write an earlier run's report for the same bytes into out_dir under this file's name, without
    checking again; returns (report, json, md), or None when the stored report cannot be read back
    (gone, edited, an older shape): the caller then checks the file.

    The result is byte-identical to what a fresh check would write: a report depends only on the
    bytes and the name, and the name is set here. The briefing text is not in a report and
    rendering does not read it, so it stays empty."""
    try:
        data = json.loads(Path(stored_json).read_text(encoding="utf-8"))
        data["briefing"]["path"] = rel_path
        data["briefing"]["text"] = ""
        report = Report.model_validate(data)
    except (OSError, UnicodeDecodeError, ValueError, ValidationError, KeyError, TypeError):
        return None
    js, md = write_reports(report, out_dir, rel_path)
    return report, js, md


def clean_temp_files(out_dir: Path) -> int:
    """Remove temp files a killed run left behind; returns how many."""
    n = 0
    for p in out_dir.glob(f".*{TMP_SUFFIX}"):
        pid = p.name[: -len(TMP_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
            continue  # another run writing into the same folder right now
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n




def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
