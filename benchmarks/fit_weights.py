"""Rebuild pipeline/data/weights.json: the weights are fitted on ../shared/train/ by
training/fit_weights.py (this script only forwards to it; dev sets thresholds only).

    python benchmarks/fit_weights.py [training/fit_weights.py options, e.g. --dry-run]

Before issue 15 this script fitted the weights on dev itself; that fit is kept as a reference
row of benchmarks/ablation.py, never shipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.fit_weights import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
