"""Draw the example company's observed figures from the model itself, at values kept here.

The example company (``conf/company/example.yaml``) is fictional. So that its fit can be checked
against a truth, its figures are what the model gives in the company's world at parameter values
that differ from the defaults (:data:`TRUTH`), on one seed, with noise of each figure's default
uncertainty. The script prints the profile's ``observed`` block (books and HR: revenue and its
split every year, rep turnover every year, delivery delay and believer share in the last year)
and the targets of the CRM sample (win rates, customers won per year, churn), which
``make_crm_sample.py`` turns into the export. docs/company.md compares the fit with
:data:`TRUTH`.

    .venv/bin/python experiments/company/make_example.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from salesculture.sim.config.company import load_profile  # noqa: E402
from salesculture.sim.config.compose import compose_config  # noqa: E402
from salesculture.sim.config.figures import FIGURES, REVENUE_PARTS  # noqa: E402
from salesculture.sim.runs.runner import simulate  # noqa: E402
from salesculture.sim.study.calibration.figures import yearly_figures  # noqa: E402

#: The example company's hidden truth: where it differs from the model's defaults.
TRUTH = {
    "sales.base_win_rate": 0.24,
    "staffing.sales_turnover_per_year": 0.40,
    "resale.upsell_rate_per_year": 0.18,
    "service.satisfaction_baseline": 0.64,
}
SEED = 2022
BOOKS = {
    "revenue": "all",
    "revenue_new": "all",
    "revenue_recurring": "all",
    "revenue_upsell": "all",
    "rep_turnover": "all",
    "delivery_delay_weeks": "last",
    "believer_share": "last",
}


def main() -> int:
    """Print the observed block and the CRM targets."""
    profile = load_profile("example")
    truth = [f"{k}={v}" for k, v in TRUTH.items()]
    config = compose_config([*profile.world_overrides(), *truth, f"seed={SEED}"])
    timeseries = simulate(config).timeseries
    figures = yearly_figures(timeseries)
    rng = np.random.default_rng(SEED)
    years = profile.history_years
    noisy = {}
    for figure, which in BOOKS.items():
        for year in range(1, years + 1):
            if figure == "revenue" or (which == "last" and year < years):
                continue
            value = figures[f"{figure}@{year}"]
            noisy[figure, year] = value + rng.normal(0, FIGURES[figure].sd_of(value))
    for year in range(1, years + 1):  # the books add up: revenue is the sum of its parts
        noisy["revenue", year] = sum(noisy[part, year] for part in REVENUE_PARTS)
    print("observed:")
    for (figure, year), value in sorted(
        noisy.items(), key=lambda item: list(BOOKS).index(item[0][0]) * 10 + item[0][1]
    ):
        text = f"{value:.0f}" if FIGURES[figure].money else f"{value:.3f}"
        print(f"  - {{figure: {figure}, year: {year}, value: {text}}}")
    wins = [int(timeseries["wins"].iloc[(y - 1) * 52 : y * 52].sum()) for y in range(1, years + 1)]
    print("CRM targets:")
    print("  --win-rates", *(f"{figures[f'win_rate@{y}']:.3f}" for y in range(1, years + 1)))
    print("  --new-customers", *wins)
    print("  --churn", f"{np.mean([figures[f'logo_churn@{y}'] for y in range(1, years + 1)]):.3f}")
    print(
        "  --cycle-weeks", f"{np.mean([figures[f'sales_cycle_weeks@{y}'] for y in (1, 2, 3)]):.1f}"
    )
    print("  customers", [figures[f"customers@{y}"] for y in range(1, years + 1)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
