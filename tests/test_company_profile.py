"""A company profile (sim/config/company.py): loaded, turned into its world, refused in one line."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from salesculture.sim.cli import main
from salesculture.sim.config import configdirs
from salesculture.sim.config.company import load_profile, profile_names
from salesculture.sim.config.companyfacts import (
    MIN_SLOTS,
    parameter_values,
    parse_known,
    slots_per_role,
)
from salesculture.sim.config.compose import compose_config, compose_with_choices
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.validation import check_overrides

EXAMPLE = configdirs.CONF_DIR / "company" / "example.yaml"


@pytest.fixture(scope="module")
def example() -> Any:
    return load_profile("example")


def test_the_example_loads_with_its_observations(example: Any) -> None:
    assert example.name == "example" and example.title == "Example Ltd"
    assert example.history_years == 3 and example.path == EXAMPLE
    sources = {o.source for o in example.observations}
    assert sources == {
        "profile",
        "crm example_crm/opportunities.csv",
        "crm example_crm/contracts.csv",
    }
    crm_years = {o.year for o in example.observations if o.source != "profile"}
    assert crm_years == {1, 2, 3}
    assert all(o.sd > 0 for o in example.observations)
    win = [o.value for o in example.observations if o.figure == "win_rate"]
    assert all(0.15 < w < 0.35 for w in win)  # the sample is drawn near 0.22-0.235
    assert "example" in profile_names() and "example" not in configdirs.group_options("company")


def test_the_world_overrides_compose_into_the_companys_facts(example: Any) -> None:
    overrides = example.world_overrides()
    config = compose_config(overrides)
    assert config.market.customers == 3000
    assert config.market.initial_customer_share == pytest.approx(360 / 3000)
    assert config.market.initial_pipeline_share == pytest.approx(90 / 3000)
    assert (config.workforce.salespeople, config.workforce.engineers) == (12, 30)
    assert config.workforce.service_staff == 20
    assert config.market.mean_weekly_value == pytest.approx(25000 / 52)
    assert config.resale.contract_weeks == 52
    assert config.costs.salary_salesperson == pytest.approx(93600 / 52)
    assert config.costs.salary_engineer == pytest.approx(104000 / 52)
    assert config.costs.salary_service == pytest.approx(67600 / 52)
    assert config.costs.salary_ceo == pytest.approx(312000 / 52)
    assert config.costs.marketing_per_week == pytest.approx(600000 / 52)
    assert config.headcount.regime == "fixed" and config.leadership.regime == "sales_driven"
    assert config.years == 3
    # demand-driven service for the whole market at week-0 staff per customer: 20 x 3000 / 360
    assert config.workforce.slots_per_role == 256
    # and a comparison may overspend on sales, or staff to demand, in the same world
    compose_config([*overrides, "leadership=sales_driven_overspend", "headcount=demand_driven"])


def _facts(**changed: float) -> dict:
    known = {
        "market_size": 3000,
        "customers_at_start": 360,
        "salespeople": 12,
        "engineers": 30,
        "service_staff": 20,
        "annual_contract_value": 25000,
    }
    return parameter_values(parse_known({**known, **changed}, "x.yaml"))


def test_slots_hold_the_largest_headcount_a_role_may_reach() -> None:
    assert (
        slots_per_role(_facts(engineers=2, service_staff=2, salespeople=3), 3, [1.0]) == MIN_SLOTS
    )
    assert slots_per_role(_facts(), 3, [1.0]) == 256  # 30 x 3000 / 360 = 250
    assert slots_per_role(_facts(customers_at_start=3000), 3, [1.0]) == 64
    assert slots_per_role(_facts(customers_at_start=0), 3, [1.0]) == 512  # at most 16 x 30
    assert slots_per_role(_facts(salespeople=100, customers_at_start=3000), 3, [1.4]) == 256
    grown = _facts(headcount_growth_per_year=0.5, customers_at_start=3000)
    assert slots_per_role(grown, 3, [1.0]) == 128  # 30 x 1.5^3 = 101


def _base() -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text())
    data.pop("crm")
    return data


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    for part in path:
        data = data[int(part)] if isinstance(data, list) else data.setdefault(part, {})
    if value is _DELETE:
        del data[last]
    else:
        data[last] = value


_DELETE = object()


def _row(figure: str, year: int) -> int:
    """The index in the example's observed list of one figure in one year."""
    rows = yaml.safe_load(EXAMPLE.read_text())["observed"]
    return next(i for i, r in enumerate(rows) if (r["figure"], r["year"]) == (figure, year))


TURNOVER, DELAY = _row("rep_turnover", 1), _row("delivery_delay_weeks", 3)
SURVEY, REVENUE_3 = _row("believer_share", 3), _row("revenue", 3)

#: A bad profile: the field changed, its value, and what the one line must say.
BAD: list[tuple[str, Any, list[str]]] = [
    ("known.salespeople", -3, ["known.salespeople=-3: must be a whole number from 1 to 100000"]),
    ("known.engineers", 12.5, ["known.engineers=12.5", "whole number"]),
    ("known.service_staff", "many", ["known.service_staff='many'"]),
    ("known.annual_contract_value", 6e8, ["annual_contract_value", "from 0 to 520000000"]),
    (
        "known.customers_at_start",
        4000,
        ["customers_at_start=4000", "0 to 3000 (known.market_size)"],
    ),
    ("known.open_opportunities_at_start", 2900, ["customers_at_start + ", "at most"]),
    ("known.contract_months", 200, ["contract_months=200", "1 to 120"]),
    ("known.salespeopel", 12, ["known.salespeopel: unknown fact", "did you mean salespeople"]),
    ("known.engineers", _DELETE, ["known.engineers: missing"]),
    ("known.annual_salaries.cto", 1, ["annual_salaries.cto: unknown role", "did you mean ceo"]),
    (
        "regime.leadership",
        "sales_lead",
        ["regime.leadership='sales_lead'", "did you mean sales_led"],
    ),
    ("regime.leadrship", "sales_led", ["regime.leadrship: not a regime axis", "leadership"]),
    ("histroy_years", 3, ["histroy_years: unknown key", "did you mean history_years"]),
    ("history_years", 0, ["history_years=0", "from 1 to 50"]),
    ("observed.0.figure", "revenu", ["observed[0].figure='revenu'", "did you mean revenue"]),
    ("observed.4.year", 4, ["observed[4].year=4", "from 1 to 3"]),
    (f"observed.{TURNOVER}.value", 7.5, [f"observed[{TURNOVER}].value=7.5", "0 to 5"]),
    ("observed.5.sd", 0, ["observed[5].sd=0", "above 0"]),
    (f"observed.{DELAY}.relative_sd", 0.1, [f"observed[{DELAY}]", "not both"]),
    (
        f"observed.{SURVEY}.figure",
        "rep_turnover",
        [f"observed[{SURVEY}]", "rep_turnover in year 3", "twice"],
    ),
    (f"observed.{REVENUE_3}.value", 9_900_000, ["year 3", "revenue is 9,900,000", "add up"]),
    ("fit.parameters", ["sales.base_win"], ["fit.parameters", "did you mean sales.base_win_rate"]),
    ("fit.parameters", ["leadership.regime"], ["'leadership.regime' is not a numeric parameter"]),
    ("fit.parameters", ["workforce.slots_per_role"], ["slots_per_role' is not a numeric"]),
    ("fit.parameters", ["workforce.salespeople"], ["known (known.salespeople)"]),
    ("crm", "nowhere", ["crm.folder='nowhere'", "no folder"]),
    ("history_start", "2022-13-01", ["history_start='2022-13-01'", "yyyy-mm-dd"]),
]


@pytest.fixture
def outside(tmp_path: Path) -> Iterator[Path]:
    """An outside config dir in force (as --config-dir puts it), with a company/ folder."""
    root = tmp_path / "mine"
    (root / "company").mkdir(parents=True)
    before = configdirs.use([root.resolve()])
    yield root
    configdirs.restore(before)


def _write(root: Path, name: str, data: Any) -> Path:
    path = root / "company" / f"{name}.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(("field", "value", "says"), BAD)
def test_a_bad_profile_is_one_line_naming_file_and_field(
    outside: Path, field: str, value: Any, says: list[str]
) -> None:
    data = copy.deepcopy(_base())
    _set(data, field, value)
    _write(outside, "acme", data)
    with pytest.raises(ConfigError) as caught:
        load_profile("acme")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(outside / "company" / "acme.yaml"))
    for part in says:
        assert part in message, message


def test_crm_without_history_start_is_refused(outside: Path) -> None:
    data = _base()
    del data["history_start"]
    data["crm"] = "example_crm"
    _write(outside, "acme", data)
    with pytest.raises(ConfigError, match="acme.yaml: history_start: missing"):
        load_profile("acme")


def test_bad_yaml_and_unknown_profiles_are_one_line(outside: Path) -> None:
    _write(outside, "broken", "known: [1, 2\n")
    with pytest.raises(ConfigError, match=r"broken.yaml: not valid YAML \(line"):
        load_profile("broken")
    with pytest.raises(ConfigError, match="'exmple' not found .*did you mean example"):
        load_profile("exmple")


def test_a_profile_in_a_config_dir_is_found_and_loading_writes_nothing(outside: Path) -> None:
    data = _base()
    data["known"]["salespeople"] = 7
    _write(outside, "acme", data)
    before = sorted(p for p in outside.rglob("*"))
    profile = load_profile("acme")
    assert profile.path == outside / "company" / "acme.yaml"
    assert "workforce.salespeople=7" in profile.world_overrides()
    assert sorted(p for p in outside.rglob("*")) == before
    assert "acme" in profile_names()


def test_a_fitted_company_is_an_option_and_a_profile_is_not(
    outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(outside, "acme", _base())
    fitted = (
        "# @package _global_\ndefaults:\n  - override /headcount: fixed\n"
        "  - override /leadership: sales_driven\n"
        "workforce:\n  salespeople: 9\nsales:\n  base_win_rate: 0.27\n"
    )
    _write(outside, "acme_fitted", fitted)
    options = configdirs.group_options("company")
    assert "acme_fitted" in options and "acme" not in options and "example" not in options
    config, choices = compose_with_choices(["company=acme_fitted", "years=1"])
    assert choices["company"] == "acme_fitted" and choices["headcount"] == "fixed"
    assert (config.workforce.salespeople, config.sales.base_win_rate) == (9, 0.27)
    # the company's regime is a default: a preset still chooses over it
    config, choices = compose_with_choices(["company=acme_fitted", "scenario=sales_led"])
    assert choices["leadership"] == "sales_led" and config.workforce.salespeople == 9
    with pytest.raises(ConfigError, match="a fitted company's config"):
        load_profile("acme_fitted")
    for name in ("acme", "example"):
        with pytest.raises(ConfigError) as caught:
            check_overrides([f"company={name}"])
        assert f"{name}.yaml is a company profile" in str(caught.value)
        assert f"--company {name}" in str(caught.value)
        assert f"company={name}_fitted" in str(caught.value)


def test_run_refuses_a_profile_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", "company=example", f"hydra.run.dir={tmp_path / 'run'}"])
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "company=example" in line and "calibrate example" in line
    assert not (tmp_path / "run").exists()


def test_company_is_not_a_regime_axis() -> None:
    from salesculture.sim.docgen.regimedoc import regime_axes

    assert "company" in configdirs.config_groups() and "company" not in regime_axes()
    assert compose_with_choices([])[1]["company"] == "None"  # none by default


def test_the_company_doc_tables_are_current() -> None:
    from salesculture.sim.docgen.companydoc import (
        DOC,
        FACTS_BLOCK,
        FIGURES_BLOCK,
        facts_table,
        figures_table,
    )
    from salesculture.sim.runs.docblocks import markers

    text = DOC.read_text()
    for block, table in ((FACTS_BLOCK, facts_table()), (FIGURES_BLOCK, figures_table())):
        begin, end = markers(block)
        assert text.split(begin, 1)[1].split(end, 1)[0].strip() == table, (
            "run: python -m salesculture.sim.docgen.companydoc"
        )
    assert "## The company profile" in text and "## The CRM export" in text
