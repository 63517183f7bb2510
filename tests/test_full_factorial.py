"""full_factorial's analysis: main effects, interactions as differences of differences and effects.

Checked on a made-up balanced two-axis design whose profit is known exactly, so every number the
analysis reports can be compared with what it should be.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from salesculture.sim.study.experiments import Experiment

ANALYSIS = Experiment("full_factorial").analysis()
LEADERSHIP = ("leadership", "sales_driven", "sales_led")
PROCESS = ("process", "siloed", "cross_functional_team")


def design(interaction: float) -> pd.DataFrame:
    """Two axes, four seeds: profit = 100 + 10a + 6b + ``interaction`` ab + seed; a, b = -1/+1."""
    rows = []
    for seed, lead, proc in itertools.product(range(4), LEADERSHIP[1:], PROCESS[1:]):
        a = 1.0 if lead == LEADERSHIP[2] else -1.0
        b = 1.0 if proc == PROCESS[2] else -1.0
        profit = 100 + 10 * a + 6 * b + interaction * a * b + seed
        rows.append(
            {
                "seed": seed,
                "leadership": lead,
                "process": proc,
                "profit": profit,
                "revenue": 2 * profit,
                "retention": 0.9,
                "believer_share": 0.5,
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("coefficient", [0.0, 1.5, -2.0])
def test_interaction_is_four_coefficients_and_its_effect_two(coefficient: float) -> None:
    """With -1/+1 codes: main effect 2 x coefficient, difference of differences 4 x, effect 2 x."""
    results = design(coefficient)
    main = ANALYSIS.main_effect(results, "profit", LEADERSHIP)
    assert main.value == pytest.approx(20.0)
    difference = ANALYSIS.interaction(results, "profit", LEADERSHIP, PROCESS)
    # sales_led's effect under the team (2 x (10 + c)) minus under silos (2 x (10 - c))
    assert difference.value == pytest.approx(4 * coefficient)
    effect = ANALYSIS.interaction_effect(difference)
    assert effect.value == pytest.approx(2 * coefficient)
    assert (effect.low, effect.high) == pytest.approx((difference.low / 2, difference.high / 2))
    assert "difference of differences" in difference.what
    assert "two-level factorial effect" in effect.what


def test_table_shows_both_and_headlines_stay_differences_of_differences() -> None:
    """The table names both columns; the headline number is the difference of differences."""
    found = ANALYSIS.findings(design(1.5), pd.DataFrame())
    assert "| difference of differences | interaction effect (half of it) |" in found.table
    assert "| leadership x process | +6* [6, 6] | +3* [3, 3] |" in found.table
    assert found.numbers["profit[leadership x process]"].value == pytest.approx(6.0)
