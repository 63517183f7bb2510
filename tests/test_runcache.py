"""The cache of finished runs: a reused run is exactly the run, and only the same run is reused."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from salesculture.sim.runs.compare import compare
from salesculture.sim.runs.comparetable import to_json
from tests.test_compare import SMALL


def run_twice(tmp_path: Path, second_overrides: list[str]):
    first = compare(
        ["baseline", "sales_led"], seeds=2, years=1, overrides=SMALL, jobs=1, progress=False,
        cache_dir=tmp_path,
    )  # fmt: skip
    second = compare(
        ["baseline", "sales_led"], seeds=2, years=1, overrides=second_overrides, jobs=1,
        progress=False, cache_dir=tmp_path,
    )  # fmt: skip
    return first, second


def test_a_rerun_reuses_every_run_and_gives_the_same_result(tmp_path: Path) -> None:
    first, second = run_twice(tmp_path, SMALL)
    fresh = compare(
        ["baseline", "sales_led"], seeds=2, years=1, overrides=SMALL, jobs=1, progress=False
    )
    assert (first.cached, second.cached) == (0, 4)
    assert to_json(second) == to_json(fresh)
    pd.testing.assert_frame_equal(second.weekly, fresh.weekly)
    assert "4 of 4 runs reused" in second.cache_note()


def test_a_changed_parameter_is_computed_again(tmp_path: Path) -> None:
    first, second = run_twice(tmp_path, [*SMALL, "market.customers=900"])
    assert second.cached == 0
    assert to_json(second)["results"] != to_json(first)["results"]


def test_a_damaged_entry_is_computed_again(tmp_path: Path) -> None:
    compare(["baseline"], seeds=1, years=1, overrides=SMALL, jobs=1, progress=False,
            cache_dir=tmp_path)  # fmt: skip
    (entry,) = tmp_path.glob("*.json")
    entry.write_text(entry.read_text()[:100])  # cut short, as by a full disk
    again = compare(["baseline"], seeds=1, years=1, overrides=SMALL, jobs=1, progress=False,
                    cache_dir=tmp_path)  # fmt: skip
    assert again.cached == 0
    assert len(entry.read_text()) > 100  # rewritten whole


def test_an_edit_to_the_agents_or_regimes_code_invalidates_the_cache(tmp_path, monkeypatch):
    import shutil

    from salesculture.sim.runs import provenance

    for package in provenance.MODEL_PACKAGES:
        shutil.copytree(provenance.REPO_ROOT / package, tmp_path / package)
    monkeypatch.setattr(provenance, "REPO_ROOT", tmp_path)
    fingerprints = []
    for edited in (None, "scenarios/leadership.py", "agents/salesperson.py"):
        if edited:
            with (tmp_path / edited).open("a") as source:
                source.write("\n# edited\n")
        provenance.code_fingerprint.cache_clear()
        fingerprints.append(provenance.code_fingerprint())
    provenance.code_fingerprint.cache_clear()
    assert len(set(fingerprints)) == 3
