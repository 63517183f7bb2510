"""The machinery of experiments/evidence (not the model's effect sizes).

Fakes stand in for the model where the test is about bookkeeping; the one test that runs the
model uses one year and 2,000 potential customers.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from experiments.evidence import measure as ev  # noqa: E402
from experiments.evidence.contrasts import CONTRASTS, Contrast, select  # noqa: E402
from salesculture.sim.config.compose import compose_config  # noqa: E402

SMALL = ["market.customers=2000"]
TREATED = "process=cross_functional_team"
BUDGET = "leadership.sales_budget_multiplier=1.4"


def contrast(key: str, control: list[str], treatment: list[str], measure: str) -> Contrast:
    return Contrast(
        key=key,
        mechanism=f"mechanism {key}",
        control=control,
        treatment=treatment,
        measure=measure,
        published="a published effect",
        source="a source",
        low=-1.0,
        high=1.0,
        unit="%",
        note="a note",
    )


@dataclass
class FakeResult:
    """What a run gives a measure: the config, summary metrics and weekly series."""

    config: object
    metrics: dict
    timeseries: pd.DataFrame


def fake_simulate(config) -> FakeResult:
    """x = 1000 * seed (+1 if treated, +2 if the budget is raised): pairs are easy to check."""
    treated = config.process.regime == "cross_functional_team"
    budget = config.leadership.sales_budget_multiplier != 1.0
    x = 1000.0 * config.seed + treated + 2 * budget
    weekly = pd.DataFrame({"week": [0, 1], "wins": [x, x]})
    return FakeResult(config, {"x": x, "seed": config.seed}, weekly)


class Counting:
    def __init__(self):
        self.calls: list[tuple[str, int]] = []

    def __call__(self, config):
        self.calls.append((ev._config_key(config), config.seed))
        return fake_simulate(config)


# --- markers and the output file -----------------------------------------------------------------


def test_missing_file_is_created_with_markers(tmp_path):
    out = tmp_path / "docs" / "evidence.md"
    ev.write_block(out, "| table one |")
    text = out.read_text()
    assert text.count(ev.BEGIN) == 1 and text.count(ev.END) == 1
    assert text.index(ev.BEGIN) < text.index("| table one |") < text.index(ev.END)


def test_prose_outside_markers_is_kept_and_table_replaced(tmp_path):
    out = tmp_path / "evidence.md"
    ev.write_block(out, "| first table |")
    out.write_text("# Title\n\nIntro prose.\n\n" + out.read_text() + "\nClosing prose.\n")
    ev.write_block(out, "| second table |")
    text = out.read_text()
    assert text.startswith("# Title\n\nIntro prose.\n\n")
    assert text.endswith("\nClosing prose.\n")
    assert "| second table |" in text and "| first table |" not in text
    assert text.count(ev.BEGIN) == 1 and text.count(ev.END) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.md"]  # no temp files left


def test_file_without_markers_gets_the_block_appended(tmp_path):
    out = tmp_path / "evidence.md"
    out.write_text("Hand-written only.\n")
    ev.write_block(out, "| table |")
    text = out.read_text()
    assert text.startswith("Hand-written only.\n") and text.rstrip().endswith(ev.END)


def test_broken_markers_fail_and_leave_the_file_alone(tmp_path):
    out = tmp_path / "evidence.md"
    broken = f"prose\n{ev.END}\n{ev.BEGIN}\n"
    out.write_text(broken)
    with pytest.raises(ev.EvidenceError, match="expected one"):
        ev.write_block(out, "| table |")
    assert out.read_text() == broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["evidence.md"]


# --- deduplication and pairing -------------------------------------------------------------------


def test_each_distinct_configuration_runs_once_per_seed():
    default_process = compose_config(["years=1"]).process.regime
    contrasts = [
        contrast("a", [], [TREATED], "difference(x)"),
        contrast("b", [], [BUDGET], "difference(x)"),
        contrast("c", [f"process={default_process}"], [TREATED], "difference(x)"),
    ]
    counting = Counting()
    rows = ev.run_contrasts(contrasts, seeds=3, years=1, overrides=SMALL, simulate=counting)
    # baseline (also spelled process=<default>), cross-functional, budget: 3 configs x 3 seeds
    assert len(counting.calls) == 9
    assert len(set(counting.calls)) == 9
    assert {seed for _, seed in counting.calls} == {0, 1, 2}
    assert [r["distinct_configs"] for r in rows] == [3, 3, 3]
    assert [r["mean"] for r in rows] == [1.0, 2.0, 1.0]


def test_paired_measure_compares_the_same_seed(monkeypatch):
    pairs = []

    def seed_pair():
        def fn(control, treatment):
            pairs.append((control.config.seed, treatment.config.seed))
            return treatment.metrics["x"] - control.metrics["x"]

        return fn

    monkeypatch.setitem(ev.MEASURES, "seed_pair", (seed_pair, False))
    rows = ev.run_contrasts(
        [contrast("a", [], [TREATED], "seed_pair()")],
        seeds=4,
        years=1,
        overrides=SMALL,
        simulate=fake_simulate,
    )
    assert pairs == [(0, 0), (1, 1), (2, 2), (3, 3)]
    row = rows[0]
    # x differs by 1000 between seeds: any mispairing would show in the per-seed values
    assert row["values"] == [1.0, 1.0, 1.0, 1.0]
    assert row["mean"] == row["ci_low"] == row["ci_high"] == 1.0
    assert row["seeds"] == [0, 1, 2, 3] and row["n"] == 4


def test_pooled_elasticity_and_jackknife_interval():
    controls = [FakeResult(None, {"v": 100.0 * (1 + i)}, pd.DataFrame()) for i in range(5)]
    treatments = [
        FakeResult(None, {"v": r.metrics["v"] * 1.4**0.5}, pd.DataFrame()) for r in controls
    ]
    effect = ev.paired_effect(ev.parse_measure("elasticity(v, 1.4)"), controls, treatments)
    assert effect["mean"] == pytest.approx(0.5)
    assert effect["ci_low"] == pytest.approx(0.5) and effect["ci_high"] == pytest.approx(0.5)
    assert effect["values"] is None


def test_measure_specs():
    c = FakeResult(None, {"win_rate": 0.2, "revenue": 100.0}, pd.DataFrame({"wins": [1, 3]}))
    t = FakeResult(None, {"win_rate": 0.5, "revenue": 150.0}, pd.DataFrame({"wins": [2, 4]}))
    assert ev.parse_measure("relative_change(revenue)").fn(c, t) == pytest.approx(0.5)
    assert ev.parse_measure("ratio(wins)").fn(c, t) == pytest.approx(1.5)
    assert ev.parse_measure("difference(mean:wins)").fn(c, t) == pytest.approx(1.0)
    assert ev.parse_measure("logit_difference(win_rate)").fn(c, t) == pytest.approx(math.log(4))
    with pytest.raises(ValueError, match="unknown measure 'nope'"):
        ev.parse_measure("nope(x)")


def test_every_listed_contrast_has_a_known_measure_and_unique_key():
    assert len({c.key for c in CONTRASTS}) == len(CONTRASTS)
    for c in CONTRASTS:
        ev.parse_measure(c.measure)
    keys = [c.key for c in CONTRASTS][:2][::-1]
    assert [c.key for c in select(",".join(keys))] == keys
    with pytest.raises(ValueError, match="unknown contrast"):
        select("no_such_contrast")


# --- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["process.no_such_key=1", "process=no_such_option"])
def test_bad_override_names_the_contrast_in_one_line(bad):
    contrasts = [
        contrast("fine", [], [TREATED], "difference(x)"),
        contrast("broken", [], [bad], "difference(x)"),
    ]
    counting = Counting()
    with pytest.raises(ev.EvidenceError) as info:
        ev.run_contrasts(contrasts, seeds=2, years=1, overrides=SMALL, simulate=counting)
    message = str(info.value)
    assert "\n" not in message
    assert "contrast 'broken'" in message and "treatment" in message and bad in message
    assert counting.calls == []  # nothing runs before every configuration composes


def test_failing_run_names_the_contrast_config_and_seed():
    def explode(config):
        if config.process.regime == "cross_functional_team" and config.seed == 1:
            raise RuntimeError("boom\nsecond line")
        return fake_simulate(config)

    with pytest.raises(ev.EvidenceError) as info:
        ev.run_contrasts(
            [contrast("xf", [], [TREATED], "difference(x)")],
            seeds=2,
            years=1,
            overrides=SMALL,
            simulate=explode,
        )
    message = str(info.value)
    assert message == (
        f"run failed: contrast 'xf' treatment config [{TREATED}], seed=1: RuntimeError: boom"
    )


def test_cli_error_is_one_line_and_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ev, "CONTRASTS", [contrast("broken", [], ["process=nope"], "ratio(x)")])
    out = tmp_path / "evidence.md"
    code = ev.main(["--seeds", "1", "--years", "1", "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("error: contrast 'broken'") and "\n" not in err
    assert not out.exists()


# --- one real run --------------------------------------------------------------------------------


def test_real_runs_in_a_worker_pool_and_render(tmp_path):
    c = contrast("xf", [], [TREATED], "relative_change(delivery_delay)")
    rows = ev.run_contrasts([c], seeds=2, years=1, jobs=2, overrides=SMALL)
    row = rows[0]
    assert row["n"] == 2 and len(row["values"]) == 2
    assert math.isfinite(row["mean"])
    block = ev.render(rows, "python experiments/evidence/measure.py --seeds 2")
    out = tmp_path / "evidence.md"
    ev.write_block(out, block)
    text = out.read_text()
    assert "| mechanism xf (`xf`) |" in text and "Produced by `python" in text
