"""The outbox: every digest email as an .eml file (the exact bytes that will be sent) plus its
row in the store. Writing is idempotent: a rebuilt email has the same Message-ID, bytes and
file name, and keeps its row and send state."""

from __future__ import annotations

import os
from email.policy import SMTP
from pathlib import Path

from .compose import Composed


def outbox_dir(override: str | Path | None = None) -> Path:
    from ..settings import home_dir

    return Path(override) if override else home_dir() / "outbox"


def eml_name(c: Composed, run_id: int) -> str:
    key = c.message_id.strip("<>").split("@")[0].rsplit(".", 1)[-1][:12]
    return f"run{run_id}-{c.kind}-{key}.eml"


def _write_atomic(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a reader or a crash sees no file or the whole file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write(store, run_id: int, emails: list[Composed], folder: Path) -> list[tuple[dict, bool]]:
    """Write each email's .eml (file first, then the row, so a row always has its file);
    returns (row, new) per email."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for c in emails:
        path = folder / eml_name(c, run_id)
        data = c.message.as_bytes(policy=SMTP)
        if not path.exists() or path.read_bytes() != data:
            _write_atomic(path, data)
        out.append(store.outbox.add(message_id=c.message_id, run_id=run_id, sha256=c.sha256, kind=c.kind,
                                    subject=c.subject, sender=c.message["From"], recipients=c.recipients,
                                    path=str(path.resolve())))
    return out
