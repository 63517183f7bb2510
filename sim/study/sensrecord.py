"""The output directory of a sensitivity analysis: its design, its raw runs, and its results.

A directory holds one design. ``sensitivity.json`` is written before the first run (the design,
the resolved configuration of each preset, seeds, package versions, commit and a fingerprint
of the model's code); a rerun into the directory must match it, else it is refused with one
line before anything is written. ``runs.parquet`` holds every finished run (one row per
sample point, preset and seed: the screened values and every summary metric), rewritten
atomically every few seconds and when the command ends or is interrupted, so a rerun of the
same command computes only the runs that are missing. At the end ``indices.csv`` and
``indices.png`` are written, and the indices are added to ``sensitivity.json``.
"""

from __future__ import annotations

import datetime
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.provenance import code_fingerprint, git_commit, versions
from salesculture.sim.runs.runfiles import atomic_write, write_json, write_parquet

if TYPE_CHECKING:
    from salesculture.sim.study.sensdesign import Design, Result

DESIGN_FILE = "sensitivity.json"
RUNS_FILE = "runs.parquet"
TABLE_FILE = "indices.csv"
PLOT_FILE = "indices.png"
#: Seconds between rewrites of ``runs.parquet`` while runs finish (and at the end, always).
FLUSH_SECONDS = 2.0


def _json(data: Any) -> Any:
    """``data`` as it reads back from JSON (tuples become lists, and so on)."""
    return json.loads(json.dumps(data))


def _first_difference(old: dict, new: dict) -> str:
    for key in new:
        if old.get(key) != new.get(key):
            if key == "factors":
                before = [f["name"] for f in old.get(key) or []]
                after = [f["name"] for f in new[key]]
                if before != after:
                    return "the parameters"
                return "the parameters' ranges"
            return "the configurations" if key == "configs" else key
    return "the design"


@dataclass
class Store:
    """The finished runs of a design in its output directory."""

    directory: Path
    design: Design
    rows: list[dict[str, Any]] = field(default_factory=list)
    done: set[tuple[int, str, int]] = field(default_factory=set)
    flushed: float = 0.0  #: when ``runs.parquet`` was last written (time.monotonic)
    dirty: bool = False

    @property
    def path(self) -> Path:
        """The raw runs' file."""
        return self.directory / RUNS_FILE

    @classmethod
    def open(cls, directory: Path, design: Design) -> Store:
        """Claim ``directory`` for ``design``, or resume the same design's runs there.

        Raises:
            ConfigError: the directory holds another design, runs made by other code, or
                other files; nothing is written.
        """
        directory = Path(directory)
        record_path = directory / DESIGN_FILE
        wanted = _json(design.record())
        if record_path.exists():
            old = json.loads(record_path.read_text())
            if old.get("design") != wanted:
                what = _first_difference(old.get("design") or {}, wanted)
                raise ConfigError(
                    f"--out={directory}: holds another sensitivity design (it differs in "
                    f"{what}); use a new --out, or the same options to resume it"
                )
            if old.get("code") != code_fingerprint():
                raise ConfigError(
                    f"--out={directory}: its runs were made by other code (commit "
                    f"{old.get('commit')}); use a new --out to rerun with this code"
                )
        elif directory.is_dir() and any(directory.iterdir()):
            raise ConfigError(
                f"--out={directory}: not empty and holds no sensitivity design; use a new --out"
            )
        store = cls(directory, design)
        if store.path.exists():
            frame = pd.read_parquet(store.path)
            store.rows = frame.to_dict("records")
            store.done = {(int(r["point"]), r["preset"], int(r["seed"])) for r in store.rows}
        else:
            directory.mkdir(parents=True, exist_ok=True)
            write_json(record_path, provenance(design))
        store.flushed = time.monotonic()
        return store

    def add(self, point: int, preset: str, seed: int, config: SimConfig, metrics: dict) -> None:
        """Keep a finished run; rewrite ``runs.parquet`` if the last write is a while ago."""
        row: dict[str, Any] = {"point": point, "preset": preset, "seed": seed}
        for factor in self.design.factors:
            value: Any = config
            for part in factor.name.split("."):
                value = getattr(value, part)
            row[factor.name] = float(value)
        row.update({k: (float("nan") if v is None else float(v)) for k, v in metrics.items()})
        self.rows.append(row)
        self.done.add((point, preset, seed))
        self.dirty = True
        if time.monotonic() - self.flushed >= FLUSH_SECONDS:
            self.flush()

    def frame(self) -> pd.DataFrame:
        """Every finished run, in the order of the design."""
        frame = pd.DataFrame(self.rows)
        return frame.sort_values(["point", "seed", "preset"], kind="stable").reset_index(drop=True)

    def flush(self) -> None:
        """Write ``runs.parquet`` atomically (Ctrl-C waits for the write to end)."""
        if not self.dirty:
            return
        from salesculture.sim.runs.interrupts import uninterruptible

        frame = self.frame()
        with uninterruptible():
            write_parquet(frame, self.path)
        self.dirty = False
        self.flushed = time.monotonic()


def command(design: Design) -> str:
    """The ``salesculture sensitivity`` command that runs ``design`` again.

    Into its default directory, with ``--config-dir`` for each outside config directory in force.
    """
    from salesculture.sim.config.configdirs import command_line

    if design.difference:
        which = ["--difference", f"{design.presets[1]}-{design.presets[0]}"]
    else:
        which = ["--scenario", design.presets[0]]
    return command_line(
        [
            "sensitivity",
            *("--method", design.method, "--metric", design.metric, *which),
            *("--params", ",".join(f.name for f in design.factors)),
            *("--trajectories", str(design.trajectories), "--seeds", str(len(design.seeds))),
            *("--years", str(design.years), "--spread", str(design.spread)),
            *(word for text in design.overrides for word in ("--set", text)),
            *(("--company", company_argument(design.company)) if design.company else ()),
        ]
    )


def company_argument(company: dict[str, Any]) -> str:
    """What ``--company`` takes to find the fit again: its name, or its directory if elsewhere."""
    from salesculture.sim.config.posterior import fit_dir

    name, fit = company["name"], Path(company["fit"])
    return name if fit_dir(name).resolve() == fit.resolve() else str(fit)


def provenance(design: Design) -> dict[str, Any]:
    """The record of ``sensitivity.json``: the command, the design, versions, commit and code."""
    from salesculture.sim.config.configdirs import record

    return {
        "command": command(design),
        **record(),
        "design": _json(design.record()),
        "runs": design.runs(),
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "code": code_fingerprint(),
        "versions": versions() | {"SALib": _salib_version()},
    }


def _salib_version() -> str:
    from importlib import metadata

    return metadata.version("SALib")


def write_outputs(result: Result) -> None:
    """Write the table, the plot and the indices in ``sensitivity.json``, each atomically."""
    from salesculture.sim.study.sensplot import plot_indices

    directory = result.directory
    atomic_write(
        directory / TABLE_FILE,
        lambda tmp: result.indices.to_csv(tmp, index=False, float_format="%.6g"),
    )
    atomic_write(directory / PLOT_FILE, lambda tmp: plot_indices(result, Path(tmp)))
    record = json.loads((directory / DESIGN_FILE).read_text())
    indices = result.indices.astype(object).where(result.indices.notna(), None)
    record["indices"] = _json(indices.to_dict("records"))
    record["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    record["runs_reused"] = result.reused
    write_json(directory / DESIGN_FILE, record)
