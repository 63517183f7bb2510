"""What each install holds: the base runs the command line; the extras add the rest.

``make compare`` installs the base (pyproject.toml's ``dependencies``), ``make live`` the
``live`` extra, ``make test`` every extra. The command line without an extra says in one line
what to install. The commands here run with ``tests/without_extras`` first on ``PYTHONPATH``:
its ``sitecustomize`` makes every extra's modules unimportable, as in a base install.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import CLI, SMALL_WORLD

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_EXTRAS = Path(__file__).resolve().parent / "without_extras"
#: Packages no base install may pull in: the live page's, the tests', the cluster launchers'.
NOT_IN_BASE = {"solara", "playwright", "ray", "hydra-ray-launcher", "pytest", "submitit"}


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]


def names(requirements: list[str]) -> set[str]:
    """The package names of requirement strings, normalized (``Solara_Assets`` -> solara-assets)."""
    found = set()
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert name, requirement
        found.add(re.sub(r"[-_.]+", "-", name.group()).lower())
    return found


def without_extras(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the console script as in a base install: no extra's module can be imported."""
    if not CLI.exists():
        pytest.skip(f"console script not installed at {CLI}")
    paths = [str(WITHOUT_EXTRAS), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_base_install_holds_no_extras_package() -> None:
    meta = project()
    base = names(meta["dependencies"])
    extras = meta["optional-dependencies"]
    assert {"mesa", "hydra-core", "matplotlib", "salib"} <= base
    for extra, requirements in extras.items():
        assert not base & names(requirements), f"the base also holds the '{extra}' extra's"
    assert not base & NOT_IN_BASE


def test_make_test_installs_every_extra_and_make_compare_none() -> None:
    makefile = (ROOT / "Makefile").read_text()
    sets = dict(re.findall(r"^EXTRAS_(\w+) :=[ \t]*(\S*)$", makefile, flags=re.MULTILINE))
    assert sets["base"] == ""
    assert set(sets["test"].strip("[]").split(",")) == set(project()["optional-dependencies"])
    assert re.search(r"^compare: \$\(BASE\)", makefile, flags=re.MULTILINE)
    assert re.search(r"^live: \$\(LIVE\)", makefile, flags=re.MULTILINE)


def test_the_blocker_hides_the_extras(tmp_path: Path) -> None:
    """The premise of the tests below: with it, solara cannot be imported."""
    env = {**os.environ, "PYTHONPATH": str(WITHOUT_EXTRAS)}
    done = subprocess.run(
        [sys.executable, "-c", "import solara"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "ModuleNotFoundError" in done.stderr


def test_live_without_its_extra_says_what_to_install(tmp_path: Path) -> None:
    done = without_extras(["live", "--port", "8765"], tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "salesculture: error: the live page needs the 'live' extra (solara is not installed); "
        "install it with: make live, or pip install -e '.[live]'"
    ]


@pytest.mark.parametrize(("command", "extra"), [("sweep", "ray"), ("run", "slurm")])
def test_a_cluster_launcher_without_its_extra_is_one_line(
    command: str, extra: str, tmp_path: Path
) -> None:
    launcher = {"ray": "ray_local", "slurm": "slurm_local"}[extra]
    done = without_extras([command, f"hydra/launcher={launcher}", "years=1"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"salesculture: error: hydra/launcher={launcher}: needs the '{extra}' extra; "
        f"install it with: pip install -e '.[{extra}]'"
    ]
    assert not (tmp_path / "outputs").exists() and not (tmp_path / "multirun").exists()


def test_help_works_without_the_extras(tmp_path: Path) -> None:
    done = without_extras(["--help"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "compare" in done.stdout and "live" in done.stdout


@pytest.mark.slow
def test_compare_and_its_plot_work_without_the_extras(tmp_path: Path) -> None:
    world = [f"--set={item}" for item in SMALL_WORLD if not item.startswith("years=")]
    args = ["compare", "baseline", "sales_led", "--seeds", "2", "--years", "1", *world]
    done = without_extras([*args, "--no-cache", "--plot", "compare.png"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    rows = [line.split() for line in done.stdout.splitlines()]
    assert [row[:2] for row in rows if row[:1] == ["revenue"]] == [
        ["revenue", "baseline"],
        ["revenue", "sales_led"],
    ]
    assert (tmp_path / "compare.png").stat().st_size > 10_000
