"""Parquet files of runs and sweeps: what is written is what is read back, or nothing is written."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.runs.runfiles import write_parquet
from salesculture.sim.runs.runner import simulate


def test_a_runs_weekly_series_reads_back_identical(tmp_path: Path) -> None:
    series = simulate(compose_config(["years=1", "seed=3"])).timeseries
    path = tmp_path / "timeseries.parquet"
    write_parquet(series, path)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, series, check_exact=True)
    assert list(back.columns) == list(series.columns)


def test_same_frame_gives_the_same_bytes(tmp_path: Path) -> None:
    series = simulate(compose_config(["years=1", "seed=4"])).timeseries
    write_parquet(series, tmp_path / "a.parquet")
    write_parquet(series, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "x": [0.5, np.nan]}),
        pd.DataFrame({"axis": pd.Categorical(["a", "b"]), "v": [1, 2]}),
        pd.DataFrame({"interventions": [[{"week": 3}], []], "v": [1.0, 2.0]}),
        pd.DataFrame({"flag": [True, False], "small": np.array([1, 2], dtype=np.int32)}),
        pd.DataFrame({"label": ["a", None], "u": np.array([1, 2], dtype=np.uint8)}),
        pd.DataFrame({"v": [1.0, 2.0]}, index=[7, 9]),
        pd.DataFrame(),
    ],
    ids=["nullable", "categorical", "lists", "bool-int32", "text-with-gap", "index", "empty"],
)
def test_any_frame_reads_back_as_from_pandas_own_writer(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    write_parquet(frame, tmp_path / "ours.parquet")
    frame.to_parquet(tmp_path / "pandas.parquet", index=False)
    ours = pd.read_parquet(tmp_path / "ours.parquet")
    theirs = pd.read_parquet(tmp_path / "pandas.parquet")
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert ours.dtypes.to_dict() == theirs.dtypes.to_dict()


def test_a_failed_write_keeps_the_finished_file_and_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "results.parquet"
    finished = pd.DataFrame({"v": [1.0, 2.0]})
    write_parquet(finished, path)
    before = path.read_bytes()

    def fail_halfway(table, where, **kwargs) -> None:
        Path(where).write_bytes(b"PAR1 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pq, "write_table", fail_halfway)
    with pytest.raises(OSError, match="results.parquet"):
        write_parquet(pd.DataFrame({"v": [3.0]}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.parquet"]


def test_a_frame_that_cannot_be_converted_leaves_no_file(tmp_path: Path) -> None:
    frame = pd.DataFrame({"mixed": [1, "one"]}, dtype=object)
    with pytest.raises(Exception, match="one|int"):
        write_parquet(frame, tmp_path / "results.parquet")
    assert list(tmp_path.iterdir()) == []
