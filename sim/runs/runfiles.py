"""The files of runs and sweeps: their names, atomic writes, and reading a sweep directory.

A run directory ends with ``summary.json`` (finished) or ``failure.json`` (failed); a sweep
directory holds run directories at any depth and ``sweep.json``, the sweep it belongs to
(:mod:`sim.runs.sweepdir`). Importing this module loads neither the model nor the configuration.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: A run's files: the weekly series, the summary (written last: it marks a complete result), and
#: the failure record of a run that raised.
TIMESERIES_FILE = "timeseries.parquet"
SUMMARY_FILE = "summary.json"
FAILURE_FILE = "failure.json"
#: The sweep a directory belongs to: written before its first run.
SWEEP_FILE = "sweep.json"


def atomic_write(path: Path, write: Callable[[str], Any]) -> None:
    """Call ``write(tmp_path)`` and rename the file to ``path``: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        if error.filename is not None:
            raise
        raise named_error(error, path) from error
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (its columns, not its index) to the Parquet file ``path`` atomically.

    A frame of numbers, booleans and text (every run's weekly series) becomes an Arrow table
    column by column, about three times faster than pandas' own conversion for a run's hundred
    columns; any other frame goes through pandas' conversion. Either way ``pandas.read_parquet``
    gives back the same columns, types and values (``tests/test_runfiles.py``).
    """
    import pyarrow.parquet as pq

    table = _arrow_table(frame)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, use_dictionary=False))


def _arrow_table(frame: pd.DataFrame) -> Any:
    """``frame`` as a ``pyarrow.Table`` without its index."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    text = pd.Series([""]).dtype  # the type pandas reads Parquet text back as
    columns: dict[str, Any] = {}
    if frame.columns.is_unique and len(frame.columns):
        for name, column in frame.items():
            dtype = column.dtype
            if not isinstance(name, str):
                break
            if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
                columns[name] = column.to_numpy()
            elif dtype == text:
                columns[name] = pa.array(column.to_numpy(), pa.string(), from_pandas=True)
            else:
                break
        else:
            return pa.table(columns)
    return pa.Table.from_pandas(frame, preserve_index=False)


def named_error(error: OSError, path: Path) -> OSError:
    """``error`` with the file it was about (a writer such as Parquet's may not name it)."""
    found = re.search(r"\[errno (\d+)\]", str(error), re.IGNORECASE)
    code = error.errno or (int(found.group(1)) if found else None)
    if code is None:
        return OSError(None, str(error).strip().splitlines()[0], str(path))
    return OSError(code, os.strerror(code), str(path))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as indented JSON to ``path``, atomically."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(data, indent=2) + "\n"))


def read_sweep(directory: Path) -> dict[str, Any] | None:
    """The sweep recorded in ``directory``'s ``sweep.json`` (:mod:`sim.runs.sweepdir`), if any."""
    path = Path(directory) / SWEEP_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text())


def read_runs(directory: Path) -> list[dict]:
    """Every run under ``directory``: its summary, or its failure if it has no summary.

    Each record gets ``status`` (``ok`` or ``failed``) and ``run`` (its directory relative to
    ``directory``).
    """
    records = []
    for path in sorted(directory.rglob(SUMMARY_FILE)) + sorted(directory.rglob(FAILURE_FILE)):
        run_dir = path.parent
        if path.name == FAILURE_FILE and (run_dir / SUMMARY_FILE).exists():
            continue
        data = json.loads(path.read_text())
        data["status"] = "ok" if path.name == SUMMARY_FILE else "failed"
        data["run"] = run_dir.relative_to(directory).as_posix() or "."
        records.append(data)
    return records


def count_done(directory: Path, since: float = 0.0) -> tuple[int, int]:
    """Runs under ``directory`` with a result, and runs whose failure was recorded after ``since``.

    Args:
        directory: The sweep directory.
        since: A time (seconds since the epoch); older failures are about to be retried.
    """
    ok = failed = 0
    if not directory.is_dir():
        return 0, 0
    for path in (directory, *(p for p in directory.iterdir() if p.is_dir())):
        if (path / SUMMARY_FILE).exists():
            ok += 1
        elif (path / FAILURE_FILE).exists():
            failed += (path / FAILURE_FILE).stat().st_mtime >= since
    return ok, failed
