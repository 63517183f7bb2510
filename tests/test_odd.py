"""docs/odd.md stays true to the code: every parameter and every stage of the weekly plan."""

from __future__ import annotations

import re

from conftest import compose_small

from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.world.model import SalesCultureModel

ODD = REPO_ROOT / "docs" / "odd.md"


def test_every_parameter_is_described() -> None:
    text = ODD.read_text()
    missing = [
        name
        for name, *_ in iter_params(SimConfig())
        if not re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)
    ]
    assert not missing, f"docs/odd.md does not name: {', '.join(missing)}"


def test_every_stage_of_the_weekly_plan_is_described() -> None:
    text = ODD.read_text()
    stages = [name for name, _ in SalesCultureModel(compose_small()).plan]
    assert len(stages) > 10
    missing = [name for name in stages if f"| `{name}` |" not in text]
    assert not missing, f"docs/odd.md's table of the plan lacks: {', '.join(missing)}"
