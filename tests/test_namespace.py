"""One import name: the project installs under ``salesculture`` and claims no generic top level.

``sim/``, ``agents/`` and ``scenarios/`` install as ``salesculture.sim``, ``salesculture.agents``
and ``salesculture.scenarios`` (pyproject.toml's package-dir), so a distribution of its own
``agents`` (or ``sim``) imports beside this one. The commands here run in a fresh interpreter
outside the checkout, as a notebook elsewhere would, with the installed project.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.otherdist import install_other_distribution

ROOT = Path(__file__).resolve().parent.parent
#: The repository's folders and the import names they install under.
FOLDERS = {
    "salesculture": "salesculture",
    "sim": "salesculture.sim",
    "agents": "salesculture.agents",
    "scenarios": "salesculture.scenarios",
    "hydra_plugins": "hydra_plugins",
}


def setuptools_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["setuptools"]


def outside(code: str, cwd: Path, path: list[Path] = ()) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter in ``cwd`` (not the checkout), ``path`` first."""
    try:
        metadata.distribution("salesculture")
    except metadata.PackageNotFoundError:
        unavailable("the project is not installed (pip install -e .)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [sys.executable, "-c", "import salesculture; print(salesculture.__file__)"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    if where.returncode or Path(where.stdout.strip()).parent.parent != ROOT:
        unavailable(f"salesculture is installed from elsewhere (pip install -e {ROOT})")
    if path:
        env["PYTHONPATH"] = os.pathsep.join(map(str, path))
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_every_package_folder_is_installed_under_its_name() -> None:
    config = setuptools_config()
    listed = set(config["packages"])
    expected = {"hydra_plugins"}  # Hydra's namespace package: no __init__.py of its own
    for folder, name in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            inside = init.parent.relative_to(ROOT / folder).parts
            expected.add(".".join((name, *inside)))
    assert listed == expected
    mapped = {name: folder for name, folder in config["package-dir"].items()}
    assert mapped == {name: folder for folder, name in FOLDERS.items() if name != "hydra_plugins"}


def test_the_install_claims_no_generic_top_level_name(tmp_path: Path) -> None:
    done = outside(
        "import importlib.util as u, salesculture.sim.world.model, salesculture.agents; "
        "print([n for n in ('sim', 'agents', 'scenarios') if u.find_spec(n)])",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_distribution_of_its_own_agents_imports_beside_ours(tmp_path: Path) -> None:
    """Another distribution's top-level ``agents`` and ``sim``, installed by pip: both import."""
    site = install_other_distribution(tmp_path)
    code = (
        "from importlib import metadata\n"
        "import agents, sim\n"
        "import salesculture.agents\n"
        "from salesculture.sim.world.model import SalesCultureModel\n"
        "print(metadata.version('other_agents'))\n"
        "print(agents.WHOSE)\n"
        "print(sim.WHOSE)\n"
        "print(salesculture.agents.Salesperson.__module__)\n"
        "model = SalesCultureModel(rng=3)\n"
        "model.step()\n"
        "print(model.week, len(model.agents) > 0)\n"
    )
    done = outside(code, tmp_path, [site])
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "1.0",
        "the other distribution: agents",
        "the other distribution: sim",
        "salesculture.agents.salesperson",
        "1 True",
    ]


def test_the_console_script_runs_beside_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "agents").mkdir(parents=True)
    (site / "agents" / "__init__.py").write_text("raise ImportError('not ours')\n")
    script = Path(sys.executable).parent / "salesculture"
    if not script.exists():
        pytest.skip(f"console script not installed at {script}")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [str(script), "scenarios"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "baseline"
