"""The lazy command group: `briefcheck --help` lists the commands from the tables in
pipeline/commands/__init__.py without importing them; the tables must say what the commands say.
And the console script (pipeline/console.py) answers `briefcheck --help` from its copy of click's
text without importing click. (No timings here: benchmarks/cli_startup.py measures them.)"""

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

# Runs main() of pipeline.cli (the click group) or pipeline.console (the console script) on argv,
# then prints what it wrote and the modules it had imported; "warm" imports every command first,
# so the listing comes from the commands, not the tables.
PROBE = """
import importlib, io, json, sys, contextlib
mode, entry = sys.argv[1:3]
if mode == "warm":
    from pipeline.commands import COMMANDS, REVIEW_COMMANDS
    for module, _, _ in [*COMMANDS.values(), *REVIEW_COMMANDS.values()]:
        importlib.import_module(module, "pipeline.commands")
sys.argv = ["briefcheck", *sys.argv[3:]]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        importlib.import_module("pipeline." + entry).main()
    except SystemExit:
        pass
print(json.dumps({"help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*args: str, warm: bool = False, entry: str = "cli", columns: str = "80") -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, "warm" if warm else "cold", entry, *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "COLUMNS": columns}, check=True, timeout=60)
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


def test_the_console_scripts_help_is_clicks():
    from pipeline.cli import cli
    from pipeline.console import TOP_HELP

    rendered = click.Context(cli, info_name="briefcheck", terminal_width=78, **cli.context_settings).get_help()
    assert TOP_HELP == rendered + "\n", f"set TOP_HELP in pipeline/console.py to:\n{rendered}\n"


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_the_console_script_answers_help_without_click(args):
    from pipeline.console import TOP_HELP

    fast = _probe(*args, entry="console")
    assert fast["help"] == TOP_HELP == _probe(*args)["help"]
    assert not [m for m in fast["modules"] if m == "click" or m.startswith(("click.", "pipeline.commands"))]


@pytest.mark.parametrize("args,columns", [(["--help"], "60"), (["--help", "--help"], "80"), (["check", "--help"], "80"),
                                          (["--version"], "80")])
def test_anything_else_goes_to_click(args, columns):
    fast = _probe(*args, entry="console", columns=columns)
    assert "click" in fast["modules"] and fast["help"] == _probe(*args, columns=columns)["help"]


def test_python_m_pipeline_help_is_the_same_text():
    from pipeline.console import TOP_HELP

    out = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "COLUMNS": "100"}, check=True, timeout=60)
    assert out.stdout == TOP_HELP


@pytest.mark.parametrize("columns", [None, "120", "80", "79", "0", "-3", "wide"])
def test_terminal_columns_are_shutils(monkeypatch, columns):
    import shutil

    from pipeline.console import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
