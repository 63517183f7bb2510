"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from salesculture.sim.docgen.paramdoc import parameter_table
from salesculture.sim.runs.provenance import REPO_ROOT


def test_parameter_reference_is_current() -> None:
    written = (REPO_ROOT / "docs" / "parameters.md").read_text()
    assert written == parameter_table(), "run: python -m salesculture.sim.docgen.paramdoc"


def test_odd_metric_table_is_the_declared_one() -> None:
    """docs/odd.md's summary metrics are sim.world.metricdefs', word for word."""
    from salesculture.sim.docgen.metricdoc import BLOCK, DOC, metric_table
    from salesculture.sim.runs.docblocks import markers

    begin, end = markers(BLOCK)
    written = DOC.read_text().split(begin, 1)[1].split(end, 1)[0].strip()
    assert written == metric_table(), "run: python -m salesculture.sim.docgen.metricdoc"


def test_every_reader_of_a_metric_takes_its_unit_from_the_one_declaration() -> None:
    """The runner's table, headline numbers, figures and summaries agree with metricdefs."""
    from salesculture.sim.runs.runner import metric_table
    from salesculture.sim.study.findings import UNITS
    from salesculture.sim.views.vocabulary import METRICS as FIGURE_METRICS
    from salesculture.sim.world.metricdefs import METRICS
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    assert list(SUMMARY_METRICS) == list(METRICS) == list(UNITS) == list(FIGURE_METRICS)
    table = metric_table({name: 1.5 for name in SUMMARY_METRICS}).splitlines()[2:]
    for line, (name, metric) in zip(table, METRICS.items(), strict=True):
        assert line.split()[0] == name and line.endswith(metric.unit_text)
        assert UNITS[name] == metric.unit
        assert FIGURE_METRICS[name].unit == metric.axis


def test_python_api_reference_is_current() -> None:
    """docs/api.md's reference is the docstrings', and lists every public name of the package."""
    import salesculture
    from salesculture.sim.docgen.apidoc import BLOCK, CLASSES, DOC, FUNCTIONS, reference
    from salesculture.sim.runs.docblocks import markers

    documented = {obj.__name__ for obj in (*FUNCTIONS, *CLASSES)}
    assert documented == set(salesculture.__all__)
    begin, end = markers(BLOCK)
    written = DOC.read_text().split(begin, 1)[1].split(end, 1)[0].strip()
    assert written == reference().strip(), "run: python -m salesculture.sim.docgen.apidoc"
    assert "### `salesculture.compare(scenarios: list[str], *, seeds: int = 10" in written
