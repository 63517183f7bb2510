"""A small company's fit, written by hand: what ``salesculture calibrate`` leaves behind.

Shared by the tests of ``--company`` on sweep, sensitivity and the live page. The company is
small (1,500 potential customers, a few dozen employees), so a year runs in a fraction of a
second; its two fitted parameters have posteriors whose mean and 5-95 % range differ from the
model's defaults, so a test can tell the company's values from the baseline's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

#: What the company knows for certain.
WORLD = [
    "market.customers=1500",
    "workforce.salespeople=8",
    "workforce.engineers=20",
    "workforce.service_staff=14",
    "workforce.slots_per_role=64",
]
#: The fitted parameters, and the posterior sample's five particles and their weights.
WIN_RATE, TURNOVER = "sales.base_win_rate", "staffing.sales_turnover_per_year"
WEIGHTS = [0.02, 0.24, 0.48, 0.24, 0.02]
SAMPLE = {
    WIN_RATE: [0.22, 0.26, 0.30, 0.34, 0.38],
    TURNOVER: [0.12, 0.16, 0.20, 0.24, 0.28],
}
#: Posterior means (weighted) and 5-95 % ranges, worked out by hand: the cumulative weights
#: of the sorted particles are 0.02, 0.26, 0.74, 0.98, 1; 5 % is first reached at the second
#: particle, 95 % at the fourth.
MEAN = {WIN_RATE: 0.30, TURNOVER: 0.20}
RANGE = {WIN_RATE: (0.26, 0.34), TURNOVER: (0.16, 0.24)}


def write_fit(directory: Path, name: str = "acme", world: list[str] | None = None) -> Path:
    """Write ``fit.json`` and ``posterior.parquet`` of company ``name`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    record = {
        "company": name,
        "world": list(WORLD if world is None else world),
        "parameters": [{"name": WIN_RATE, "integer": False}, {"name": TURNOVER, "integer": False}],
    }
    (directory / "fit.json").write_text(json.dumps(record))
    frame = pd.DataFrame({"particle": range(len(WEIGHTS)), "weight": WEIGHTS, **SAMPLE})
    frame.to_parquet(directory / "posterior.parquet")
    return directory
