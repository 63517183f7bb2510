"""One number format for every table (sim.world.metricdefs.format_number) and what `*` marks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.runs.compare import Comparison
from salesculture.sim.runs.comparetable import format_table
from salesculture.sim.runs.stats import mean_interval
from salesculture.sim.study.findings import Number, interval, markdown
from salesculture.sim.world.metricdefs import STAR_NOTE, format_interval, format_number


@pytest.mark.parametrize(
    ("value", "unit", "difference", "expected"),
    [
        (41.2e6, "currency", False, "41.20M"),
        (6.6e6, "currency", True, "+6.60M"),
        (1_234_567_890, "currency", False, "1,234.57M"),
        (318_000, "currency", False, "318.0k"),
        (-9_746, "currency", True, "-9.7k"),
        (500, "currency", False, "500"),
        (999.96, "currency", False, "1.0k"),
        (0.953, "share", False, "95.3 %"),
        (1.02, "ratio", False, "102.0 %"),
        (0.012, "share", True, "+1.2 pp"),
        (-0.004, "share", True, "-0.4 pp"),
        (0.0004, "share", True, "0.0 pp"),  # rounds to zero: no sign
        (8.128, "weeks", False, "8.13"),
        (39.5, "weeks", False, "39.5"),
        (5.0, "weeks", False, "5.00"),
        (0.51234, "belief", False, "0.512"),
        (0.0042, "weeks", True, "+0.004"),  # below 1: three decimals, not 0.00420
        (-5.35e-05, "weeks", True, "0.000"),  # rounds to zero: no sign, no 5.35e-05
        (1_413.2, "customers", False, "1,413"),
        (54.0, "customers", True, "+54.0"),
        (0.0, "currency", True, "0"),
        (None, "currency", False, "-"),
        (math.nan, "share", False, "-"),
    ],
)
def test_every_unit_has_its_documented_format(value, unit, difference, expected) -> None:
    assert format_number(value, unit, difference) == expected


def test_only_a_difference_whose_interval_excludes_zero_carries_a_star() -> None:
    assert format_interval(6.6e6, 5.2e6, 8.1e6, "currency", difference=True) == (
        "+6.60M* [5.20M, 8.10M]"
    )
    assert format_interval(0.3e6, -0.1e6, 0.7e6, "currency", difference=True) == (
        "+300.0k [-100.0k, 700.0k]"
    )
    # A plain mean whose interval lies above zero is no finding: no star.
    assert format_interval(30e6, 26e6, 41e6, "currency") == "30.00M [26.00M, 41.00M]"
    assert format_interval(0.01, 0.005, 0.02, "share", difference=True) == (
        "+1.0 pp* [0.5 pp, 2.0 pp]"
    )
    mean = Number(0.9, 0.85, 0.95, "share", "")
    assert "*" not in interval(mean, sign=False) and "*" in interval(mean)
    table = markdown(["row", "value"], [["a", interval(mean, sign=False)]])
    assert table.splitlines()[-1] == r"\* = the 95 % interval of the difference excludes 0"


def comparison(effect: float, noise: float) -> Comparison:
    rng = np.random.default_rng(3)
    runs = [
        {
            "scenario": label,
            "seed": seed,
            "profit": 30e6 + effect * i + noise * rng.standard_normal(),
            "retention": 0.9 + 0.01 * i,
        }
        for i, label in enumerate(["baseline", "sales_led"])
        for seed in range(5)
    ]
    return Comparison(
        scenarios=["baseline", "sales_led"],
        seeds=list(range(5)),
        years=2,
        metrics=["profit", "retention"],
        runs=pd.DataFrame(runs),
        weekly=pd.DataFrame(),
    )


@pytest.mark.parametrize(("effect", "starred"), [(6e6, True), (0.0, False)])
def test_the_compare_table_stars_differences_only_and_says_what_a_star_means(
    effect: float, starred: bool
) -> None:
    compared = comparison(effect, noise=1e6)
    lines = format_table(compared).splitlines()
    reference = [line for line in lines if line.startswith("profit") and "baseline" in line]
    other = [line for line in lines if line.startswith("profit") and "sales_led" in line]
    assert len(reference) == len(other) == 1
    assert "*" not in reference[0]  # a plain mean, though its interval excludes 0
    mean, low, high = mean_interval(compared.runs.profit[compared.runs.scenario == "baseline"])
    assert low > 0
    assert reference[0].split()[2:] == format_interval(mean, low, high, "currency").split()
    assert ("*" in other[0]) is starred
    assert lines[-1] == STAR_NOTE
    # Every number is written by the one formatter: money in M, shares in % and points.
    retention = [line for line in lines if line.startswith("retention") and "sales_led" in line]
    assert "91.0 %" in retention[0] and "+1.0 pp*" in retention[0]
