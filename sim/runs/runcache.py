"""A cache of finished runs, so that an interrupted ``compare`` resumes where it stopped.

Each finished run is stored as one JSON file named by a hash of everything that determines
its result: the resolved configuration (seed and horizon included), the model's source code
and the package versions (:func:`sim.runs.provenance.code_fingerprint`). A run is reused only when
all of these are the same, so a cached run gives exactly the numbers a new run would give;
change the code or a parameter and the run is computed again. Files are written atomically:
an interrupted write leaves no entry. The cache may be deleted at any time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.provenance import code_fingerprint
from salesculture.sim.runs.runfiles import atomic_write

if TYPE_CHECKING:
    import pandas as pd


def run_key(config: SimConfig) -> str:
    """The hash naming a run: its resolved configuration and the code that computes it.

    A run with interventions also hashes the settings each switch installs (they are read
    from ``conf/`` when the switch happens, so the configuration names only the options).
    """
    record = {"config": dataclasses.asdict(config), "code": code_fingerprint()}
    if config.interventions:
        from salesculture.sim.config.compose import compose_option

        record["switched_to"] = {
            f"{axis}={option}": dataclasses.asdict(compose_option(axis, option))
            for entry in config.interventions
            for axis, option in entry.switches()
        }
    text = json.dumps(record, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclasses.dataclass
class RunCache:
    """Finished runs (summary metrics and weekly series) in ``directory``, one file per run."""

    directory: Path

    def _path(self, config: SimConfig) -> Path:
        return self.directory / f"{run_key(config)}.json"

    def load(self, config: SimConfig) -> tuple[dict, pd.DataFrame] | None:
        """The metrics and weekly series of ``config``'s finished run, or None."""
        path = self._path(config)
        try:
            entry = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        if entry.get("key") != path.stem:
            return None
        import pandas as pd

        return entry["metrics"], pd.DataFrame(entry["weekly"])

    def store(self, config: SimConfig, metrics: dict, weekly: pd.DataFrame) -> None:
        """Keep a finished run (written atomically)."""
        path = self._path(config)
        self.directory.mkdir(parents=True, exist_ok=True)
        entry = {
            "key": path.stem,
            "seed": config.seed,
            "years": config.years,
            "scenario": config.scenario.name,
            "metrics": metrics,
            "weekly": {column: weekly[column].tolist() for column in weekly.columns},
        }
        atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(entry)))
