"""What a comparison in a company's world says (``compare --company``): text, JSON and CSV.

The table of :mod:`sim.runs.comparetable`, with the company's fit named above it and one more
column: the split of each difference's spread into parameter uncertainty and luck, and
:data:`~sim.runs.stats.CANNOT_TELL` where the range of the differences includes 0.
"""

from __future__ import annotations

from salesculture.sim.runs.companycompare import CompanyComparison
from salesculture.sim.runs.compare import count
from salesculture.sim.runs.comparetable import format_table, to_csv, to_json
from salesculture.sim.runs.stats import CANNOT_TELL, split_words

#: The last column's title.
SPREAD = "spread of the difference"


def heading(comparison: CompanyComparison) -> list[str]:
    """The lines above the table: the company, its fit, the draws and seeds, its world."""
    c = comparison
    lines = [
        f"company {c.company} (fit {c.fit}): {count(len(c.scenarios), c.subject)} x "
        f"{count(c.draws, 'draw')} x {count(len(c.seeds), 'seed')} = {count(len(c.runs), 'run')}"
        f", {count(c.years, 'year')}; differences against {c.scenarios[0]}, paired by draw "
        "and seed",
        f"the company's world: {' '.join(c.world) or 'none'}",
        f"fitted (each run has one draw's values): {', '.join(c.parameters) or 'none'}",
    ]
    for row, left in c.left_out.items():
        if left:
            lines.append(
                f"{row}: the company's {' '.join(left)} left out of its runs (the preset sets "
                "that itself)"
            )
    return lines


def spread(row: dict) -> str:
    """The last column of a difference: ``68 % parameters, 32 % luck``, and the verdict."""
    if row["verdict"] is None:
        return ""
    shares = None if row["diff_parameters"] is None else (row["diff_parameters"], row["diff_luck"])
    said = split_words(shares)
    return f"{said}; {CANNOT_TELL}" if row["verdict"] == CANNOT_TELL else said


def notes(comparison: CompanyComparison) -> list[str]:
    """What the intervals and the split are, in two lines."""
    runs = f"{count(comparison.draws, 'draw')} x {count(len(comparison.seeds), 'seed')}"
    return [
        f"95% interval: the 2.5-97.5 % quantiles over the {runs} of a row's runs, or of their "
        "paired differences: what this company could see, parameter uncertainty and luck "
        "together",
        f"{SPREAD}: its variance split into luck (the variance within a draw, over its seeds) "
        "and parameters (the variance between draws beyond what their seeds' luck explains)",
    ]


def format_company_table(comparison: CompanyComparison) -> str:
    """The text table of a company comparison (see the module docstring)."""
    return format_table(
        comparison, heading(comparison), beside=(SPREAD, spread), notes=notes(comparison)
    )


def company_record(comparison: CompanyComparison) -> dict:
    """The company's part of a comparison's JSON: its fit, world, parameters and draws."""
    c = comparison
    return {
        "name": c.company,
        "fit": c.fit,
        "world": c.world,
        "parameters": c.parameters,
        "draws": c.draws,
        "draw_values": c.points,
        "left_out": {row: left for row, left in c.left_out.items() if left},
        "intervals": "2.5-97.5 % quantiles over draws x seeds (parameter uncertainty and luck)",
    }


def company_json(comparison: CompanyComparison) -> dict:
    """The comparison as one JSON-ready object, with its company (:func:`company_record`)."""
    return {**to_json(comparison), "company": company_record(comparison)}


def company_csv(comparison: CompanyComparison) -> str:
    """The result rows as CSV, every row naming the company, its fit, the draws and its world."""
    c = comparison
    more = {"company": c.company, "fit": c.fit, "draws": c.draws, "world": " ".join(c.world)}
    return to_csv(comparison, more)
