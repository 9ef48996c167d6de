"""Shared fixtures. Keep them generic: other suites append their own below.

Every test runs offline and isolated: state goes to a fresh BRIEFCHECK_HOME, the variables that
would select a real LLM endpoint are removed, and sockets may connect only to loopback, so no
test can reach a real model (or anything else) by accident.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_041345f959c62141.txt"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/faultserver.py and friends

_LLM_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID",
            "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "BRIEFCHECK_MODEL", "BRIEFCHECK_PRICES",
            "BRIEFCHECK_NLI_MODEL", "BRIEFCHECK_NLI_ENTAILMENT", "BRIEFCHECK_NLI_CONTRADICTION")


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX and friends
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkBlocked(OSError):
    pass


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    """Loopback only: a test that tries to reach the network fails loudly."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if not _is_loopback(address):
            raise NetworkBlocked(f"tests may not connect to {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not _is_loopback(address):
            raise NetworkBlocked(f"tests may not connect to {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """A fresh BRIEFCHECK_HOME and no setting from the environment (no real LLM endpoint, SMTP...)."""
    from pipeline.settings import Settings

    for name in (*_LLM_ENV, *(f"BRIEFCHECK_{n.upper()}" for n in Settings.model_fields)):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BRIEFCHECK_HOME", str(home))
    return home


@pytest.fixture
def briefcheck_home(_isolated_env) -> Path:
    return _isolated_env


@pytest.fixture
def fault_server():
    """A fault-injecting OpenAI-compatible server on 127.0.0.1 (see tests/faultserver.py)."""
    from faultserver import FaultServer

    with FaultServer() as srv:
        yield srv
