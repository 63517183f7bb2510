"""The robustness experiment: parameter points, what runs record, and the verdict logic."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.study.experiments import Experiment
from salesculture.sim.study.robustpoints import point_values, resolve, screened
from salesculture.sim.study.robuststats import CONFIGURED, Conclusion, assess, verdict, wilson
from tests.conftest import compose_small

POINTS = 4
AT = ("robustness.points=4", "robustness.point=2")


def test_a_point_is_deterministic_and_inside_the_screening_ranges() -> None:
    """The same point gives the same values twice; each value lies in its screening range."""
    plain = compose_small()
    ranges = {f.name: f for f in screened(plain)}
    first, again = compose_small(*AT), compose_small(*AT)
    values = first.robustness.values
    assert values == again.robustness.values
    assert set(values) == set(ranges) and len(values) > 100
    for name, value in values.items():
        assert ranges[name].low - 1e-9 <= value <= ranges[name].high + 1e-9, name
    other = compose_small("robustness.points=4", "robustness.point=3").robustness.values
    assert other != values  # another row of the sample


def test_a_point_means_the_same_values_in_another_process() -> None:
    """A fresh interpreter resolves the point to exactly the same values."""
    code = (
        "import json; from tests.conftest import compose_small; "
        f"print(json.dumps(compose_small(*{AT!r}).robustness.values, sort_keys=True))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == compose_small(*AT).robustness.values


def test_a_run_at_a_point_records_and_uses_its_values() -> None:
    """The configuration holds the values themselves, and repeating its record changes nothing."""
    from salesculture.sim.runs.rerun import recorded_config

    config = compose_small(*AT)
    fields = dict(_params(config))
    for name, value in config.robustness.values.items():
        assert fields[name] == value, name
    plain = dict(_params(compose_small()))
    moved = [name for name in config.robustness.values if fields[name] != plain[name]]
    assert len(moved) > 100  # the point set the values, not only recorded them
    again = recorded_config({"config": dataclasses.asdict(config)}, Path("summary.json"))
    assert dataclasses.asdict(again) == dataclasses.asdict(config)


def test_without_a_point_the_configuration_is_untouched() -> None:
    """No point: resolve returns the very object, and the composed values are the defaults'."""
    plain = compose_small()
    assert resolve(plain) is plain
    assert plain.robustness.point == -1 and plain.robustness.values == {}
    assert dataclasses.asdict(compose_small("robustness.point=-1")) == dataclasses.asdict(plain)


def test_the_model_never_reads_the_robustness_section() -> None:
    """Only composition reads it: a run's behaviour cannot depend on it."""
    root = Path(__file__).resolve().parents[1]
    readers = [
        path.relative_to(root).as_posix()
        for folder in ("sim", "agents", "scenarios")
        for path in (root / folder).rglob("*.py")
        if ".robustness" in path.read_text()
    ]
    expected = ["sim/config/compose.py", "sim/study/reproduce.py", "sim/study/robustpoints.py"]
    assert sorted(readers) == expected


def test_the_configured_point_reproduces_the_other_experiments() -> None:
    """At point -1 the cases are those experiments' runs: dual_approach's quick numbers agree."""
    mine = json.loads(Experiment("robustness").expected_path.read_text())["quick"]["numbers"]
    dual = json.loads(Experiment("dual_approach").expected_path.read_text())["quick"]["numbers"]
    for own, theirs in (
        ("leadership[configured]", "profit[top-down - neither]"),
        ("dual_approach[configured]", "profit[interaction]"),
        ("order_processing[configured]", "delivery_delay[grassroots - neither]"),
    ):
        assert mine[own]["value"] == pytest.approx(dual[theirs]["value"], rel=1e-9), own


def test_a_point_outside_the_sample_is_refused() -> None:
    """point >= points: one line naming the allowed points."""
    from salesculture.sim.config.validation import ConfigError

    config = compose_small()
    config.robustness.point, config.robustness.points = POINTS, POINTS
    wanted = r"robustness.point=4: must be -1 \(none\) or in \[0, 3\]"
    with pytest.raises(ConfigError, match=wanted):
        point_values(config)


def _params(config):
    from salesculture.sim.config.params import iter_params

    return [(name, value) for name, value, _, _ in iter_params(config)]


def _table(diffs: list[float], driver: list[float]) -> pd.DataFrame:
    """Two cases on two seeds at the configured point and at one point per difference.

    ``sales_led - baseline`` in profit is ``diffs[p]`` (±1 by seed) at sampled point p and +5
    at the configured point; parameter ``a`` takes ``driver[p]``, ``b`` a fixed shuffle.
    """
    rows = []
    shuffle = np.random.default_rng(0).permutation(len(diffs))
    for point, diff in [(CONFIGURED, 5.0), *enumerate(diffs)]:
        for seed in (0, 1):
            for case, profit in (("baseline", 100.0), ("sales_led", 100.0 + diff + 2 * seed - 1)):
                row = {"robustness_case": case, "robustness.point": point, "seed": seed}
                row["profit"] = profit
                if point != CONFIGURED:
                    row["robustness.values.a"] = driver[point]
                    row["robustness.values.b"] = float(shuffle[point])
                rows.append(row)
    return pd.DataFrame(rows)


LED = Conclusion("leadership", "profit", {"sales_led": 1, "baseline": -1}, "test")


def test_a_conclusion_that_holds_everywhere() -> None:
    """All points positive like the configured one: holds; the parameter ordering them drives."""
    diffs = [1.0 + i for i in range(20)]
    found = assess(_table(diffs, driver=[float(i) for i in range(20)]), LED)
    assert found.sign == 1 and found.share == 1.0 and found.verdict == "holds"
    assert list(found.configured) == [4.0, 6.0]
    assert found.rho.index[0] == "a" and found.rho.iloc[0] == pytest.approx(1.0)
    assert found.ks.empty  # nothing flips: no filtering
    assert found.percentiles == pytest.approx(tuple(np.percentile(diffs, [5, 95])))


def test_a_conclusion_that_flips_where_a_parameter_is_high() -> None:
    """Half the points negative, all where ``a`` is high: flips; KS names ``a`` with distance 1."""
    diffs = [3.0] * 10 + [-3.0] * 10
    found = assess(_table(diffs, driver=[float(i) for i in range(20)]), LED)
    assert found.share == 0.5 and found.verdict == "flips"
    assert found.ks.index[0] == "a" and found.ks.iloc[0] == pytest.approx(1.0)
    assert found.ks["b"] < 1.0
    assert found.rho.index[0] == "a" and found.rho.iloc[0] < -0.8


def test_verdict_thresholds_and_wilson() -> None:
    """90 % holds, two thirds holds mostly, less flips; Wilson's interval matches its formula."""
    assert [verdict(s) for s in (1.0, 0.9, 0.89, 2 / 3, 0.66, 0.0)] == [
        "holds",
        "holds",
        "holds mostly",
        "holds mostly",
        "flips",
        "flips",
    ]
    low, high = wilson(27, 27)
    assert low == pytest.approx(0.8754, abs=1e-4) and high == 1.0
    low, high = wilson(5, 10)
    assert (low, high) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_without_parameter_columns_only_the_drivers_are_missing() -> None:
    """A sweep's table has no value columns: agreement is still computed, drivers are empty."""
    table = _table([1.0, -1.0, 2.0], driver=[0.0, 1.0, 2.0])
    table = table[[c for c in table.columns if not c.startswith("robustness.values.")]]
    found = assess(table, LED)
    assert found.share == pytest.approx(2 / 3) and found.verdict == "holds mostly"
    assert found.rho.empty and found.ks.empty
