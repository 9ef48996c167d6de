"""The package's shape: no import cycles, no oversized modules or functions, help on every command."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

PKG = Path(__file__).resolve().parents[1] / "pipeline"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of the package that `name` imports, at any depth (lazy imports count too)."""
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for a in node.names:
                sub = f"{target}.{a.name}"
                found.add(sub if sub in modules else target)
    return {m for m in found if m in modules and m != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (c := visit(m)):
                return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (c := visit(n)):
            return c
    return None


def _lazy_imports() -> dict[str, set[str]]:
    """The command modules the CLI's tables name (pipeline/commands/__init__.py): the lazy group
    imports them by name, which the AST does not show, so they count as imports of the package."""
    from pipeline.commands import COMMANDS, REVIEW_COMMANDS

    return {"pipeline.commands": {"pipeline.commands" + module for module, _, _ in
                                  [*COMMANDS.values(), *REVIEW_COMMANDS.values()]}}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    lazy = _lazy_imports()
    graph = {}
    for name, path in modules.items():
        deps = _imports(name, path, modules) | lazy.get(name, set())
        # a module importing its own package's __init__ (or a parent) is how subpackages load: not a cycle
        graph[name] = {d for d in deps if not name.startswith(d + ".")}
    return graph


def test_the_lazy_tables_name_modules_of_the_package():
    modules = _modules()
    assert all(m in modules for m in _lazy_imports()["pipeline.commands"])


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_the_package():
    assert _cycle(_graph()) is None


def test_models_import_nothing_from_engines():
    assert not {d for d in _graph()["pipeline.models"] if d.startswith("pipeline.")}


def test_the_store_imports_no_stage_or_front_door():
    for name, deps in _graph().items():
        if name.startswith("pipeline.store"):
            allowed = ("pipeline.store", "pipeline.errors", "pipeline.settings", "pipeline.models")
            assert all(d.startswith(allowed) for d in deps), (name, deps)


def _function_lengths(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for name, path in _modules().items():
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            too_long.append(f"{name}: {n} lines")
        too_long += [f"{name}.{f}(): {k} lines" for f, k in _function_lengths(path) if k > MAX_FUNCTION_LINES]
    assert not too_long


def _commands(group: click.Group, prefix=()):
    """Every command and subcommand, as the group resolves them (lazily loaded ones included)."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path,cmd", list(_commands(__import__("pipeline.cli", fromlist=["cli"]).cli)),
                         ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help_text(path, cmd):
    assert (cmd.help or "").strip(), f"briefcheck {' '.join(path)} has no help text"
    for p in cmd.params:
        if isinstance(p, click.Option):
            assert (p.help or "").strip(), f"briefcheck {' '.join(path)} {p.opts[0]} has no help text"
