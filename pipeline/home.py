"""Where state lives: BRIEFCHECK_HOME, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    env = os.environ.get("BRIEFCHECK_HOME")
    if env:
        p = Path(env).expanduser()
    else:
        import platformdirs

        p = Path(platformdirs.user_data_dir("briefcheck", appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def db_path() -> Path:
    return home() / "briefcheck.db"
