"""Whether a process still runs: how a crashed writer's leftovers are told from a live one's."""

from __future__ import annotations

import os


def pid_alive(pid: int | None) -> bool:
    """True while process ``pid`` exists (one we may not signal counts as alive)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
