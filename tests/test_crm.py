"""A CRM export's figures (sim/config/crm.py): computed as defined, bad records in one line."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from pathlib import Path

import pytest

from salesculture.sim.config import configdirs, crm
from salesculture.sim.config.company import load_profile
from salesculture.sim.config.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
START = dt.date(2022, 1, 1)

OPPORTUNITIES = """opportunity_id,account_id,created,closed,stage,annual_value
O1,A,2021-12-04,2022-01-01,won,7300
O2,B,2022-02-01,2022-03-15,lost,1000
O3,C,2022-05-01,2022-06-12,Lost,1000
O4,D,2022-11-01,2023-01-10,won,3650
O5,E,2023-02-01,2023-02-15,lost,500
O6,F,2023-06-01,,open,800
"""
CONTRACTS = """account_id,kind,start,end,annual_value
X,base,2021-07-01,2022-07-01,36500
X,base,2022-07-01,2023-07-01,36500
Y,base,2021-03-01,2022-03-01,3650
A,base,2022-02-01,,7300
A,expansion,2022-08-01,2023-02-01,730
D,base,2023-03-01,2024-03-01,3650
"""
FEES = """account_id,kind,date,amount
A,new,2022-02-01,5000
A,addon,2022-08-01,1000
D,new,2023-03-01,2000
"""
FILES = {crm.OPPORTUNITIES: OPPORTUNITIES, crm.CONTRACTS: CONTRACTS, crm.FEES: FEES}


def export(root: Path, **changed: str) -> Path:
    """The tiny export in ``root``, with files replaced by ``changed`` (name without .csv)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (root / name).write_text(changed.get(name.removesuffix(".csv"), text))
    return root


def figures(root: Path, years: list[int], names: list[str] | None = None) -> dict:
    names = crm.check_figures(names, root, "crm.figures")
    return {(f.figure, f.year): f for f in crm.crm_figures(root, START, years, names)}


def test_figures_equal_hand_computed_values(tmp_path: Path) -> None:
    found = figures(export(tmp_path / "crm"), [1, 2])
    value = {key: f.value for key, f in found.items()}
    sd = {key: f.sd for key, f in found.items()}
    # year 1: O1 won, O2 and O3 lost, open 4, 6 and 6 weeks
    assert value["win_rate", 1] == pytest.approx(1 / 3)
    assert sd["win_rate", 1] == pytest.approx(math.sqrt(1 / 3 * 2 / 3 / 3))
    assert value["sales_cycle_weeks", 1] == pytest.approx(16 / 3)
    assert sd["sales_cycle_weeks", 1] == pytest.approx(math.sqrt(4 / 3) / math.sqrt(3))
    # year 2: O4 won (10 weeks), O5 lost (2 weeks); O6 is open
    assert value["win_rate", 2] == pytest.approx(0.5)
    assert value["sales_cycle_weeks", 2] == pytest.approx(6.0)
    assert sd["sales_cycle_weeks", 2] == pytest.approx(math.sqrt(32) / math.sqrt(2))
    # X and Y at the start of year 1, X and A at its end: Y left; X leaves in year 2, D comes
    assert value["customers", 1] == value["customers", 2] == 2
    assert sd["customers", 1] == pytest.approx(0.03 * 2)  # the figure's default
    assert value["logo_churn", 1] == value["logo_churn", 2] == pytest.approx(0.5)
    assert sd["logo_churn", 1] == pytest.approx(math.sqrt(0.25 / 2))
    # prorated over 365 days: X 181 + 184 days, Y 59, A 334; then X 181, A 365, D 306
    assert value["revenue_recurring", 1] == pytest.approx(18100 + 18400 + 590 + 6680)
    assert value["revenue_recurring", 2] == pytest.approx(18100 + 7300 + 3060)
    assert value["revenue_upsell", 1] == pytest.approx(306 + 1000)  # 153 days, add-on fee
    assert value["revenue_upsell", 2] == pytest.approx(62)
    assert value["revenue_new", 1] == 5000 and value["revenue_new", 2] == 2000
    assert found["revenue_upsell", 1].file == "contracts.csv+fees.csv"


def test_without_fees_the_export_gives_no_fee_figures(tmp_path: Path) -> None:
    root = export(tmp_path / "crm")
    (root / crm.FEES).unlink()
    assert set(crm.check_figures(None, root, "crm.figures")) == {
        "win_rate",
        "sales_cycle_weeks",
        "customers",
        "logo_churn",
        "revenue_recurring",
    }
    with pytest.raises(ConfigError, match="revenue_new needs .*fees.csv"):
        crm.check_figures(["revenue_new"], root, "crm.figures")


def test_a_leap_year_start_moves_to_the_28th() -> None:
    assert crm.year_window(dt.date(2024, 2, 29), 2) == (dt.date(2025, 2, 28), dt.date(2026, 2, 28))


#: A bad record: (file, the text's line to replace or None to replace the header, the new
#: line, what the one-line error names).
BAD = [
    (
        "opportunities",
        0,
        "opportunity_id,created,closed",
        ["opportunities.csv", "row 1", "'stage'"],
    ),
    (
        "opportunities",
        2,
        "O2,B,2022/02/01,2022-03-15,lost,1",
        ["row 3", "created='2022/02/01'", "yyyy-mm-dd"],
    ),
    (
        "opportunities",
        2,
        "O2,B,2022-04-01,2022-03-15,lost,1",
        ["row 3", "closed='2022-03-15'", "before created"],
    ),
    (
        "opportunities",
        2,
        "O2,B,2022-02-01,2022-03-15,pending,1",
        ["row 3", "stage='pending'", "won, lost, open"],
    ),
    ("opportunities", 2, "O2,B,2022-02-01,,lost,1", ["row 3", "closed=''", "stage=lost"]),
    ("opportunities", 6, "O6,F,2023-06-01,2023-07-01,open,1", ["row 7", "closed=", "open"]),
    (
        "opportunities",
        2,
        "O1,B,2022-02-01,2022-03-15,lost,1",
        ["row 3", "opportunity_id='O1'", "row 2"],
    ),
    (
        "contracts",
        2,
        "X,base,2022-07-01,2022-06-01,36500",
        ["contracts.csv", "row 3", "end=", "after start"],
    ),
    (
        "contracts",
        2,
        'X,base,2022-07-01,2023-07-01,"36,500"',
        ["row 3", "annual_value='36,500'", "number"],
    ),
    (
        "contracts",
        2,
        "X,upgrade,2022-07-01,2023-07-01,36500",
        ["row 3", "kind='upgrade'", "base, expansion"],
    ),
    ("contracts", 2, ",base,2022-07-01,2023-07-01,36500", ["row 3", "account_id=''", "empty"]),
    ("fees", 1, "A,new,2022-02-31,5000", ["fees.csv", "row 2", "date='2022-02-31'"]),
    ("fees", 1, "A,new,2022-02-01,-5", ["fees.csv", "row 2", "amount='-5'"]),
]


@pytest.mark.parametrize(("name", "line", "text", "named"), BAD)
def test_a_bad_record_is_one_line_naming_file_row_and_field(
    tmp_path: Path, name: str, line: int, text: str, named: list[str]
) -> None:
    lines = FILES[f"{name}.csv"].splitlines()
    lines[line] = text
    root = export(tmp_path / "crm", **{name: "\n".join(lines) + "\n"})
    with pytest.raises(ConfigError) as caught:
        figures(root, [1, 2])
    message = str(caught.value)
    assert "\n" not in message
    for part in named:
        assert part in message, message


def test_a_year_with_nothing_closed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no opportunity closed .* year 3 \(2024-01-01 to"):
        figures(export(tmp_path / "crm"), [3], ["win_rate"])
    ended = CONTRACTS.replace("A,base,2022-02-01,,7300", "A,base,2022-02-01,2024-01-01,7300")
    with pytest.raises(ConfigError, match="no account has a base contract running on 2025-01-01"):
        figures(export(tmp_path / "ended", contracts=ended), [4], ["logo_churn"])


def test_a_figure_of_zero_has_no_uncertainty_and_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="revenue_new in year 3 .* is 0"):
        figures(export(tmp_path / "crm"), [3], ["revenue_new"])


PROFILE = """history_years: 2
history_start: 2022-01-01
known:
  market_size: 100
  customers_at_start: 2
  salespeople: 2
  engineers: 2
  service_staff: 2
  annual_contract_value: 20000
crm: CRM
"""


def load_outside(root: Path, crm_text: str, observed: str = "") -> object:
    company = root / "company"
    export(company / "tiny_crm")
    (company / "tiny.yaml").write_text(PROFILE.replace("CRM", crm_text) + observed)
    before = configdirs.use([root.resolve()])
    try:
        return load_profile("tiny")
    finally:
        configdirs.restore(before)


def test_a_profile_takes_the_crm_figures_it_asks_for(tmp_path: Path) -> None:
    profile = load_outside(tmp_path / "mine", "{folder: tiny_crm, figures: [win_rate], years: [2]}")
    (only,) = profile.observations
    assert (only.figure, only.year, only.value) == ("win_rate", 2, 0.5)
    assert only.source == "crm tiny_crm/opportunities.csv"
    everything = load_outside(tmp_path / "all", "tiny_crm")
    assert len(everything.observations) == 2 * len(crm.NEEDS)


def test_a_figure_both_observed_and_from_the_crm_is_refused(tmp_path: Path) -> None:
    observed = "observed: [{figure: customers, year: 2, value: 3}]\n"
    with pytest.raises(ConfigError) as caught:
        load_outside(tmp_path / "mine", "tiny_crm", observed)
    message = str(caught.value)
    assert "tiny.yaml" in message and "customers in year 2" in message
    assert "tiny_crm/contracts.csv" in message and "\n" not in message


def test_crm_parts_must_add_up_to_the_observed_revenue(tmp_path: Path) -> None:
    observed = "observed: [{figure: revenue, year: 1, value: 1000}]\n"
    with pytest.raises(ConfigError, match="year 1: revenue_new .* revenue is 1,000"):
        load_outside(tmp_path / "mine", "tiny_crm", observed)


def test_the_sample_is_what_its_script_writes(tmp_path: Path) -> None:
    script = ROOT / "experiments" / "company" / "make_crm_sample.py"
    subprocess.run(
        [sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True
    )
    sample = ROOT / "conf" / "company" / "example_crm"
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (sample / name).read_bytes(), name
    assert sum(len((sample / n).read_text().splitlines()) for n in FILES) < 5000
