"""Errors the CLI turns into one line each, never a traceback."""

from __future__ import annotations


class BriefcheckError(Exception):
    """Base class: anything the user should see as one line."""


class BadInput(BriefcheckError):
    """A file that is not a briefing. Names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class EngineError(BriefcheckError):
    """An engine could not produce a valid answer after its bounded retries."""


class NLIError(BriefcheckError):
    """The NLI model folder cannot be used; the message names it and the reason."""
