"""docs/experiments.md, "Your own experiment": its files and commands work as written.

The config files of the section are written to a directory outside the repository and its
commands run: the listing, the experiment as a sweep through the real ``salesculture`` command
(on a small world for one year, one seed: overrides that the section says win over the
experiment's), its jobs in worker processes, and a rerun of one of its runs.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import SMALL_WORLD

from salesculture.sim.cli import main
from salesculture.sim.runs.provenance import REPO_ROOT

Cli = Callable[..., subprocess.CompletedProcess]
SECTION = "## Your own experiment"


def section() -> str:
    text = (REPO_ROOT / "docs" / "experiments.md").read_text()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def files(text: str) -> dict[str, str]:
    """The YAML blocks of the section, by the path named on the line before each."""
    found = dict(re.findall(r"`(my-study/[^`]+)`:\n\n```yaml\n(.*?)```", text, re.DOTALL))
    assert len(found) == text.count("```yaml"), "every YAML block names its file"
    return found


def commands(text: str) -> list[list[str]]:
    """The ``salesculture`` commands of the section's bash blocks, as argument lists."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.DOTALL):
        found += [shlex.split(line)[1:] for line in block.splitlines() if line.strip()]
    return found


def test_the_section_names_every_kind_of_file() -> None:
    names = files(section())
    groups = {Path(name).parts[1] for name in names}
    assert {"scenario", "experiment", "leadership", "world"} <= groups


@pytest.mark.slow
def test_the_documented_experiment_runs_from_an_outside_dir(
    tmp_path: Path, cli: Cli, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = section()
    for name, content in files(text).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    documented = {args[0]: args for args in commands(text)}
    monkeypatch.chdir(tmp_path)

    assert main(documented["scenarios"]) == 0
    listed = capsys.readouterr().out
    assert "forecasting_leader" in listed and "builds forecasting" in listed

    # The real command, its jobs in worker processes (joblib, Hydra's default here).
    done = cli([*documented["sweep"], "seed=0", *SMALL_WORLD], tmp_path, timeout=180)
    assert done.returncode == 0, done.stderr
    directory = tmp_path / "outputs" / "sweeps" / "forecasting"
    results = pd.read_parquet(directory / "results.parquet")
    assert sorted(results.scenario) == ["forecasting_leader", "sales_led"]
    assert set(results.status) == {"ok"}
    (run,) = [p.parent for p in directory.rglob("summary.json") if "=forecasting_leader" in str(p)]
    summary = json.loads((run / "summary.json").read_text())
    assert summary["config"]["leadership"]["discipline_forecasting"] == 0.8  # the outside option
    assert summary["config"]["sales"]["sales_cycle_weeks"] == 13  # the outside parameter file
    assert summary["config_dirs"] == [str((tmp_path / "my-study").resolve())]

    assert main(["rerun", str(run)]) == 0
    assert "identical: all" in capsys.readouterr().out
