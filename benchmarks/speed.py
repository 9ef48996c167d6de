"""Seed check time (cold process, warm in-process), peak RSS, and `briefcheck --help` time.

    python benchmarks/speed.py [--runs 5]

Prints medians over the runs, measured in this one invocation (the machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_041345f959c62141.txt"

WARM = """
import sys, time, resource
from pipeline.checker import check_file
from pipeline.engines import get_engine
e = get_engine()
check_file(sys.argv[1], e)            # first call loads the embedding model
ts = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); check_file(sys.argv[1], e); ts.append(time.perf_counter() - t)
print(",".join(f"{x:.4f}" for x in ts))
"""


def _timed(cmd: list[str], env: dict) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - t, out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env["BRIEFCHECK_HOME"] = tempfile.mkdtemp(prefix="bc-bench-")
    exe = [sys.executable, "-m", "pipeline"]

    help_t = [_timed(exe + ["--help"], env)[0] for _ in range(args.runs)]
    cold = [_timed(exe + ["check", str(SEED), "--json", "--fail-on", "never"], env)[0] for _ in range(args.runs)]
    rss_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    _, out = _timed([sys.executable, "-c", WARM, str(SEED), str(args.runs)], env)
    warm = [float(x) for x in out.strip().split(",")]
    peak_mb = max(rss_before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024

    rows = [
        ("briefcheck --help (process)", statistics.median(help_t), "≤ 0.1 s"),
        ("seed check, cold process", statistics.median(cold), "≤ 1.5 s"),
        ("seed check, warm (in-process)", statistics.median(warm), "-"),
    ]
    print(f"{'measure':<32}{'median s':>10}   target   (runs={args.runs})")
    for name, v, target in rows:
        print(f"{name:<32}{v:>10.3f}   {target}")
    print(f"{'peak RSS of any child':<32}{peak_mb:>9.0f}M   ≤ 600M")
    # a cold process compiles every module it has no bytecode for: pip writes it for a wheel, an
    # editable install on first run, unless PYTHONDONTWRITEBYTECODE is set (as on the CI machine)
    cached = any((ROOT / "pipeline" / "__pycache__").glob("checker.*.pyc"))
    print(f"bytecode of pipeline/ cached: {'yes' if cached else 'no'}; "
          f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")


if __name__ == "__main__":
    main()
