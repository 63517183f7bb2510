"""The baseline stays inside every calibration band (docs/calibration.md), quick version.

The published report runs 20 seeds (``make calibration``); this test runs 4 paired seeds of the
full baseline and asserts that the mean of every stylized fact lies inside its target band, so a
change that pushes the baseline out of a band fails here before it reaches the docs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "experiments" / "calibration"))

import calibrate  # noqa: E402

SEEDS = 4


@pytest.fixture(scope="module")
def baseline() -> dict[str, float]:
    results = calibrate.run_seeds(SEEDS, processes=1)
    return {column: float(results[column].mean()) for column in results.columns}


@pytest.mark.slow
@pytest.mark.parametrize("fact", calibrate.FACTS, ids=lambda fact: fact.key)
def test_baseline_is_inside_the_band(baseline: dict[str, float], fact: calibrate.Fact) -> None:
    value = baseline[fact.key]
    assert fact.low <= value <= fact.high, (
        f"{fact.label}: model {fact.fmt(value)} outside the target {fact.target} ({fact.source})"
    )


@pytest.mark.slow
def test_baseline_is_a_going_concern(baseline: dict[str, float]) -> None:
    # A profit margin of a few per cent to a fifth, a customer base that does not shrink or
    # explode, and a delivery delay of weeks, not months (docs/calibration.md, context).
    assert 0.03 <= baseline["margin"] <= 0.25
    assert 0.95 <= baseline["customer_growth"] <= 1.5
    assert 2.0 <= baseline["delivery_delay"] <= 12.0
    assert 0.3 <= baseline["believer_share"] <= 0.8


def test_the_report_goes_to_outputs_unless_the_docs_are_asked_for() -> None:
    default = calibrate.output_path(calibrate.build_parser().parse_args([]))
    assert default == Path("outputs") / "calibration" / "calibration.md"
    assert not default.is_absolute()  # under the working directory's outputs/, not docs/
    docs = calibrate.output_path(calibrate.build_parser().parse_args(["--update-docs"]))
    assert docs == ROOT / "docs" / "calibration.md"
    with pytest.raises(SystemExit):
        calibrate.build_parser().parse_args(["--update-docs", "--out", "x.md"])


def test_a_python_without_the_projects_packages_is_told_which_to_use() -> None:
    script = ROOT / "experiments" / "calibration" / "calibrate.py"
    # -I -S: no site-packages and no PYTHONPATH, as a system Python without the project's packages
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(script)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert ".venv/bin/python experiments/calibration/calibrate.py" in done.stderr
