"""Shared fixtures: small worlds that run in well under a second, and the real console script."""

from __future__ import annotations

import copy
import importlib.util
import math
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.metrics import summarize
from salesculture.sim.world.model import SalesCultureModel


@pytest.fixture(autouse=True)
def _restore_signal_handlers() -> Iterator[None]:
    """Put back the Ctrl-C and SIGTERM handlers and the unraisable hook after every test.

    A command run in-process and stopped leaves them as a stopping command should (a second
    Ctrl-C ignored); without this, a later test in the same worker process would inherit that.
    """
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    hook = sys.unraisablehook
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    sys.unraisablehook = hook


#: A small company in a small market: a few dozen employees, 2,000 potential customers, one year.
SMALL_WORLD: tuple[str, ...] = (
    "market.customers=2000",
    "workforce.salespeople=10",
    "workforce.engineers=28",
    "workforce.service_staff=22",
    "workforce.slots_per_role=64",
    "years=1",
)

CLI = Path(sys.executable).parent / "salesculture"


def unavailable(reason: str) -> None:
    """Skip the test (or the module) for ``reason``; under CI (``CI`` set), fail it instead.

    CI installs every extra and Chromium (.ci/run, ``make test``): what is missing there is a
    broken set-up, not a reason to skip.
    """
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so this test must run", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def needs(module: str, extra: str) -> None:
    """Skip unless ``module``, which pyproject.toml's ``extra`` installs, is installed (CI fails).

    At the top of a module, in the ``except ImportError`` of its imports (then re-raise: the
    module is there but broken), or at the start of a test.
    """
    try:
        found = importlib.util.find_spec(module) is not None
    except ImportError:  # its parent package is missing
        found = False
    if not found:
        unavailable(
            f"{module} is not installed; it comes with the '{extra}' extra "
            f"(make test, or pip install -e '.[{extra}]')"
        )


#: Modules that take minutes, longest first. With ``pytest -n`` a worker runs whole modules
#: (``--dist=loadscope`` in pyproject.toml); these start first, so that neither worker is left
#: running one of them alone at the end.
LONG_MODULES = ("test_sweep.py", "test_interrupts.py", "test_evidence.py", "test_regimes.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests of :data:`LONG_MODULES` first, in that order; the rest as collected."""
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(LONG_MODULES)))


@lru_cache(maxsize=64)
def _compose(overrides: tuple[str, ...]) -> SimConfig:
    return compose_config(list(overrides))


def compose_small(*overrides: str) -> SimConfig:
    """The small world with ``overrides`` applied last (a fresh copy each call)."""
    return copy.deepcopy(_compose((*SMALL_WORLD, *overrides)))


@pytest.fixture
def small_config() -> Callable[..., SimConfig]:
    """Compose the small world with extra Hydra overrides, e.g. ``small_config("seed=3")``."""
    return compose_small


def run_to_end(config: SimConfig) -> SalesCultureModel:
    """Build a model of ``config`` and step it to its horizon."""
    model = SalesCultureModel(config)
    while model.running:
        model.step()
    return model


@pytest.fixture
def run_model() -> Callable[[SimConfig], SalesCultureModel]:
    """Run a configuration to its horizon and return the model."""
    return run_to_end


def timeseries_of(model: SalesCultureModel) -> pd.DataFrame:
    """The weekly time series recorded by a model."""
    return pd.DataFrame.from_records(model.records)


@pytest.fixture
def timeseries() -> Callable[[SalesCultureModel], pd.DataFrame]:
    """Turn a model's weekly records into a DataFrame."""
    return timeseries_of


@pytest.fixture
def summary_of() -> Callable[[SalesCultureModel], dict[str, float]]:
    """The summary metrics of a finished model."""
    return lambda model: summarize(model, timeseries_of(model))


def same_number(a: float, b: float) -> bool:
    """Exact equality that treats NaN as equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


@pytest.fixture
def same_metrics() -> Callable[[dict, dict], bool]:
    """Whether two metric dicts have the same keys and exactly the same values (NaN == NaN)."""

    def compare(a: dict, b: dict) -> bool:
        return a.keys() == b.keys() and all(same_number(a[k], b[k]) for k in a)

    return compare


def run_cli(args: Sequence[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the installed ``salesculture`` console script."""
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess]:
    """Run the real console script next to the interpreter: ``cli(args, cwd)``."""
    if not CLI.exists():
        pytest.skip(f"console script not installed at {CLI}")
    return run_cli
