"""The lazy command group: `briefcheck --help` lists the commands from the tables in
pipeline/commands/__init__.py without importing them; the tables must say what the commands say.
(No timings here: benchmarks/cli_startup.py measures them.)"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from pipeline.commands import COMMANDS, REVIEW_COMMANDS

ROOT = Path(__file__).parent.parent
HEAVY = ("numpy", "pydantic", "pydantic_settings", "rich", "jinja2", "starlette", "uvicorn", "langchain_core",
         "openai", "wordllama", "sqlite3", "pipeline.settings", "pipeline.models", "pipeline.store")

# Runs the console script's main() on argv, then prints the help and the modules it had imported;
# "warm" imports every command first, so the listing comes from the commands, not the tables.
PROBE = """
import importlib, io, json, sys, contextlib
from pipeline.commands import COMMANDS, REVIEW_COMMANDS
warm = sys.argv[1] == "warm"
for module, _, _ in [*COMMANDS.values(), *REVIEW_COMMANDS.values()] if warm else []:
    importlib.import_module(module, "pipeline.commands")
sys.argv = ["briefcheck", *sys.argv[2:]]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        from pipeline.cli import main
        main()
    except SystemExit:
        pass
print(json.dumps({"help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*args: str, warm: bool = False) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, "warm" if warm else "cold", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "80"}, check=True, timeout=60)
    return json.loads(proc.stdout)


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def _entries():
    for table in (COMMANDS, REVIEW_COMMANDS):
        for name, (module, attr, short) in table.items():
            yield name, getattr(importlib.import_module(module, "pipeline.commands"), attr), short


@pytest.mark.parametrize("name,cmd,short", list(_entries()), ids=lambda x: x if isinstance(x, str) else "")
def test_the_table_gives_the_short_help_the_command_would(name, cmd, short):
    assert cmd.name == name
    assert not cmd.hidden and not cmd.deprecated  # the listing from the table shows neither
    stand_in = click.Command(name, help=short)
    for limit in range(1, 240):  # the listing's width depends on the terminal
        assert stand_in.get_short_help_str(limit) == cmd.get_short_help_str(limit), (name, limit)


@pytest.mark.parametrize("args", [["--help"], ["review", "--help"]])
def test_help_from_the_tables_is_the_help_from_the_commands(args):
    cold, warm = _probe(*args), _probe(*args, warm=True)
    assert "pipeline.commands.check" not in cold["modules"] and "pipeline.commands.check" in warm["modules"]
    assert "Commands:" in cold["help"] and cold["help"] == warm["help"]


def test_top_level_help_imports_no_command_and_nothing_heavy():
    modules = _probe("--help")["modules"]
    assert [m for m in modules if m.startswith("pipeline.commands.")] == ["pipeline.commands.lazy"]
    assert not _heavy(modules)


@pytest.mark.parametrize("args,loaded", [
    (["check", "--help"], {"check", "common", "options"}),
    (["run", "--help"], {"run", "options"}),
    (["review", "--help"], {"review", "common"}),
    (["review", "serve", "--help"], {"review", "review_serve", "common"}),
])
def test_a_commands_help_imports_that_command_only(args, loaded):
    modules = _probe(*args)["modules"]
    assert {m.rsplit(".", 1)[1] for m in modules if m.startswith("pipeline.commands.")} == loaded | {"lazy"}
    assert not _heavy(modules)
