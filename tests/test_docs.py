"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from sim.docgen.paramdoc import parameter_table
from sim.runs.provenance import REPO_ROOT


def test_parameter_reference_is_current() -> None:
    written = (REPO_ROOT / "docs" / "parameters.md").read_text()
    assert written == parameter_table(), "run: python -m sim.docgen.paramdoc"
