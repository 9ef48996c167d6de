"""Find briefing files under an inbox folder, never crashing on what the folder holds.

Briefings are ``*.txt`` and ``*.md`` (any case), found recursively. Hidden files and
folders (``.git``, editor swap files) are ignored, as is the report folder when it lies
inside the inbox. Symlinks to files are followed; symlinked folders are not descended
(no loops). What looks like a briefing but cannot be one (a folder named ``x.txt``, a
broken symlink, a symlink loop, a FIFO, an unreadable folder) comes back as a
``Found`` with ``error`` set, so the batch reports it as bad input and goes on.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .parse import MAX_BYTES

EXTENSIONS = (".txt", ".md")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Found:
    path: Path  # as reachable from the cwd (inbox joined with rel)
    rel: str  # relative to the inbox, '/'-separated: the name reports and the store use
    error: str | None = None  # bad before reading: the reason


def is_briefing_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(EXTENSIONS)


def discover(inbox: str | Path, exclude: list[str | Path] = ()) -> list[Found]:
    """Every briefing candidate under inbox, sorted by relative path."""
    top = Path(inbox)
    skip = {os.path.realpath(p) for p in exclude}
    found: list[Found] = []

    def rel(p: str) -> str:
        return Path(os.path.relpath(p, top)).as_posix()

    def walk_error(e: OSError) -> None:
        # os.walk could not list a folder: say so once, naming it.
        if e.filename is not None and os.path.normpath(e.filename) != os.path.normpath(top):
            found.append(Found(Path(e.filename), rel(e.filename), f"cannot list folder ({e.strerror})"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=walk_error, followlinks=False):
        keep = []
        for d in sorted(dirnames):
            full = os.path.join(dirpath, d)
            if d.startswith(".") or os.path.realpath(full) in skip:
                continue
            if is_briefing_name(d):
                what = "a symlink to a folder" if os.path.islink(full) else "a folder"
                found.append(Found(Path(full), rel(full), f"is {what}, not a file"))
            if not os.path.islink(full):
                keep.append(d)
        dirnames[:] = keep  # descend into real folders only (a folder named x.txt included)
        for f in sorted(filenames):
            if not is_briefing_name(f):
                continue
            full = os.path.join(dirpath, f)
            found.append(Found(Path(full), rel(full), _probe(full)))
    found.sort(key=lambda x: x.rel)
    return found


def _probe(path: str) -> str | None:
    """Why path cannot be read as a file, or None when it looks like a regular file."""
    try:
        st = os.stat(path)  # follows symlinks
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop"
        if e.errno == errno.ENOENT and os.path.islink(path):
            return f"broken symlink (target {os.readlink(path)!r} does not exist)"
        if e.errno in (errno.EACCES, errno.EPERM):
            return "permission denied"
        return f"cannot stat ({e.strerror})"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (FIFO, socket or device)"
    return None


@dataclass(frozen=True)
class Content:
    sha256: str
    size: int
    data: bytes | None  # None when the file is over MAX_BYTES: only hashed, never parsed


def read_content(path: str | Path) -> Content:
    """Hash a file's raw bytes (all of them), keeping at most MAX_BYTES + 1 in memory.
    Raises OSError when it cannot be read."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        head = f.read(MAX_BYTES + 1)
        h.update(head)
        size = len(head)
        if size > MAX_BYTES:
            while chunk := f.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
    return Content(h.hexdigest(), size, head if size <= MAX_BYTES else None)


def unreadable_key(rel: str, reason: str) -> str:
    """The store key of a path whose content cannot be read: stable while path and reason are."""
    return hashlib.sha256(f"briefcheck-unreadable\0{rel}\0{reason}".encode()).hexdigest()
