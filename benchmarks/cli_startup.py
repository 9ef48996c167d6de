"""Start-up time of the `briefcheck` console script, beside Python's own floor.

    python benchmarks/cli_startup.py [--runs 10]

Each row is a whole process (wall time from spawn to exit, output to a pipe), run --runs times;
the rows take turns so a busy spell on the machine hits every row alike. Prints median and
minimum in milliseconds. `briefcheck` is the script next to this Python (the virtualenv's bin/),
else the one on PATH.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _briefcheck() -> str:
    beside = Path(sys.executable).with_name("briefcheck")
    found = str(beside) if beside.exists() else shutil.which("briefcheck")
    if not found:
        sys.exit("briefcheck: no console script beside this Python nor on PATH (pip install -e .)")
    return found


def _rows(bc: str) -> list[tuple[str, list[str]]]:
    py = sys.executable
    return [
        ("briefcheck --help", [bc, "--help"]),
        ("briefcheck check --help", [bc, "check", "--help"]),
        ("briefcheck review --help", [bc, "review", "--help"]),
        ("python -m pipeline --help", [py, "-m", "pipeline", "--help"]),
        ("python -c 'import click'", [py, "-c", "import click"]),
        ("python -c pass", [py, "-c", "pass"]),
        ("python -S -c pass (no site)", [py, "-S", "-c", "pass"]),
    ]


def _once(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="Runs of each row (default 10).")
    args = ap.parse_args()
    env = {**os.environ, "COLUMNS": "80"}
    rows = _rows(_briefcheck())
    for _, cmd in rows:  # warm the file cache; not counted
        _once(cmd, env)
    times: dict[str, list[float]] = {name: [] for name, _ in rows}
    for _ in range(args.runs):
        for name, cmd in rows:
            times[name].append(_once(cmd, env))
    bytecode = "off (PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"briefcheck start-up · {os.cpu_count()} CPUs · Python {sys.version.split()[0]} · "
          f"runs={args.runs} · .pyc writing {bytecode}")
    print()
    print("| command | median ms | min ms |")
    print("|---|---:|---:|")
    for name, _ in rows:
        ts = times[name]
        print(f"| {name} | {statistics.median(ts) * 1000:.1f} | {min(ts) * 1000:.1f} |")


if __name__ == "__main__":
    main()
