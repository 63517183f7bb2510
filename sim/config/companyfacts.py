"""What a company knows for certain, as the model's parameters: the known facts of a profile.

A company profile (:mod:`sim.config.company`) states its known facts in the units a company
quotes them in: people, customers, currency per year, months. :data:`FACTS` maps each to the
schema key it sets and converts it, the one place where a profile's units become the model's
(per week, shares of the market, weeks). A fact's valid range is its parameter's (the schema's
``low``/``high``, :mod:`sim.config.params`) converted back into the fact's unit, so a fact the
model cannot take is refused in the profile's own terms.

:func:`slots_per_role` chooses ``workforce.slots_per_role`` for the company's world.
Importing this module loads neither the model nor Hydra.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salesculture.sim.config.errors import ConfigError, did_you_mean
from salesculture.sim.config.headcount import planned_headcount, planned_salespeople
from salesculture.sim.config.params import ParamInfo, iter_params
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.weeks import WEEKS_PER_YEAR

#: The section of the profile holding the known facts, and its sub-mapping of yearly salaries.
KNOWN = "known"
SALARIES = "annual_salaries"
MARKET_SIZE = "market_size"


@dataclass(frozen=True)
class Fact:
    """A known fact: its name in the profile, the schema key it sets and how it converts."""

    name: str  #: its key in the profile (``salespeople``, ``annual_salaries.engineer``)
    key: str  #: the schema key it sets (``workforce.salespeople``)
    unit: str  #: the fact's unit, as a company quotes it
    conversion: str  #: the conversion in words (docs/company.md)
    #: The factor from the fact to the parameter, given the other facts (``1/52``).
    factor: Callable[[dict[str, float]], float]
    whole: bool = False  #: the fact is a whole number (people, customers, months)
    required: bool = False

    def to_parameter(self, value: float, facts: dict[str, float]) -> float | int:
        """The parameter's value for the fact's ``value`` (whole-number keys rounded)."""
        converted = value * self.factor(facts)
        return int(round(converted)) if _is_int_key(self.key) else converted


def _one(facts: dict[str, float]) -> float:
    return 1.0


def _per_week(facts: dict[str, float]) -> float:
    return 1.0 / WEEKS_PER_YEAR


def _share_of_market(facts: dict[str, float]) -> float:
    return 1.0 / facts[MARKET_SIZE]


def _months_to_weeks(facts: dict[str, float]) -> float:
    return WEEKS_PER_YEAR / 12


_MONEY = "currency/year"
_SALARY_ROLES = ("salesperson", "engineer", "service", "ceo", "sales_leader", "sales_manager")

#: Every known fact a profile may state, in the order the docs list them.
FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        Fact(MARKET_SIZE, "market.customers", "customers", "as is", _one, True, True),
        Fact(
            "customers_at_start",
            "market.initial_customer_share",
            "customers",
            "/ market_size",
            _share_of_market,
            True,
            True,
        ),
        Fact(
            "open_opportunities_at_start",
            "market.initial_pipeline_share",
            "opportunities",
            "/ market_size",
            _share_of_market,
            True,
        ),
        Fact("salespeople", "workforce.salespeople", "people", "as is", _one, True, True),
        Fact("engineers", "workforce.engineers", "people", "as is", _one, True, True),
        Fact("service_staff", "workforce.service_staff", "people", "as is", _one, True, True),
        Fact(
            "headcount_growth_per_year",
            "workforce.growth_per_year",
            "share per year",
            "as is",
            _one,
        ),
        Fact(
            "annual_contract_value",
            "market.mean_weekly_value",
            _MONEY,
            "/ 52",
            _per_week,
            required=True,
        ),
        Fact(
            "contract_months",
            "resale.contract_weeks",
            "months",
            "x 52 / 12, rounded to whole weeks",
            _months_to_weeks,
            True,
        ),
        *(
            Fact(f"{SALARIES}.{role}", f"costs.salary_{role}", _MONEY, "/ 52", _per_week)
            for role in _SALARY_ROLES
        ),
        Fact("marketing_per_year", "costs.marketing_per_week", _MONEY, "/ 52", _per_week),
        Fact("hiring_cost", "costs.hiring_cost", "currency/hire", "as is", _one),
        Fact(
            "training_per_employee_year",
            "costs.training_per_employee_week",
            "currency/employee-year",
            "/ 52",
            _per_week,
        ),
    )
}


def _schema_params() -> dict[str, tuple[Any, ParamInfo | None]]:
    return {name: (value, info) for name, value, info, _f in iter_params(SimConfig())}


_PARAMS = _schema_params()


def param_info(key: str) -> ParamInfo:
    """The schema's metadata of parameter ``key`` (``years``, ``market.customers``)."""
    info = _PARAMS[key][1]
    assert info is not None, key
    return info


def _is_int_key(key: str) -> bool:
    value = _PARAMS[key][0]
    return isinstance(value, int) and not isinstance(value, bool)


def numeric_parameters() -> dict[str, ParamInfo]:
    """The schema keys a fit may vary: numbers with a range, not settings of the run itself.

    Left out: the run's own settings (``seed``, ``years``, ``workforce.slots_per_role``, the
    robustness point), whose source is ``-``.
    """
    return {
        name: info
        for name, (value, info) in _PARAMS.items()
        if info is not None
        and info.source != "-"
        and info.low is not None
        and info.high is not None
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    }


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _range_text(fact: Fact, low: float, high: float) -> str:
    kind = "a whole number" if fact.whole else "a number"
    unit = (
        "" if fact.unit in ("people", "customers", "opportunities", "months") else f" {fact.unit}"
    )
    return f"must be {kind} from {_number(low)} to {_number(high)}{unit}"


def fact_range(fact: Fact, facts: dict[str, float]) -> tuple[float, float]:
    """The fact's valid range: its parameter's ``low``/``high`` in the fact's unit."""
    info = _PARAMS[fact.key][1]
    assert info is not None and info.low is not None and info.high is not None
    factor = fact.factor(facts)
    low, high = info.low / factor, info.high / factor
    if fact.whole:
        low, high = math.ceil(low - 1e-9), math.floor(high + 1e-9)
    return low, high


def _flatten(known: dict[str, Any], where: str) -> dict[str, Any]:
    """``known`` with its ``annual_salaries`` mapping spread into ``annual_salaries.ROLE``."""
    flat: dict[str, Any] = {}
    for name, value in known.items():
        if name == SALARIES:
            if not isinstance(value, dict):
                raise ConfigError(
                    f"{where}: {KNOWN}.{SALARIES}: must be a mapping of role to yearly salary, "
                    f"e.g. {{salesperson: 93600}}; roles: {', '.join(_SALARY_ROLES)}"
                )
            for role, salary in value.items():
                if role not in _SALARY_ROLES:
                    raise ConfigError(
                        f"{where}: {KNOWN}.{SALARIES}.{role}: unknown role; "
                        f"{did_you_mean(str(role), _SALARY_ROLES)}roles: {', '.join(_SALARY_ROLES)}"
                    )
                flat[f"{SALARIES}.{role}"] = salary
        else:
            flat[str(name)] = value
    return flat


def parse_known(known: Any, where: str) -> dict[str, float | int]:
    """Check a profile's known facts; return them (flat names) in the fact's unit.

    Raises:
        ConfigError: one line naming ``where``, the fact, its value and what is allowed.
    """
    if not isinstance(known, dict):
        raise ConfigError(
            f"{where}: {KNOWN}: must be a mapping of fact to value, e.g. salespeople: 12"
        )
    flat = _flatten(known, where)
    names = [n for n in FACTS if not n.startswith(SALARIES + ".")] + [SALARIES]
    for name in flat:
        if name not in FACTS:
            raise ConfigError(
                f"{where}: {KNOWN}.{name}: unknown fact; {did_you_mean(name, names)}"
                f"known facts: {', '.join(names)}"
            )
    missing = [name for name, fact in FACTS.items() if fact.required and name not in flat]
    if missing:
        raise ConfigError(
            f"{where}: {KNOWN}.{missing[0]}: missing; a profile states "
            f"{', '.join(n for n, f in FACTS.items() if f.required)}"
        )
    facts: dict[str, float | int] = {}
    for name in sorted(flat, key=lambda n: n != MARKET_SIZE):  # the market first: shares use it
        facts[name] = _checked(FACTS[name], flat[name], facts, where)
    pipeline = facts.get("open_opportunities_at_start", 0)
    if facts["customers_at_start"] + pipeline > facts[MARKET_SIZE]:
        raise ConfigError(
            f"{where}: {KNOWN}.customers_at_start + {KNOWN}.open_opportunities_at_start="
            f"{facts['customers_at_start'] + pipeline}: must be at most "
            f"{KNOWN}.{MARKET_SIZE} ({facts[MARKET_SIZE]})"
        )
    return facts


def _checked(fact: Fact, value: Any, facts: dict[str, float | int], where: str) -> float | int:
    """``value`` of ``fact`` if it is a number in the fact's range, else one line."""
    low, high = fact_range(fact, facts)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    whole = number and float(value).is_integer()
    if (
        not number
        or not math.isfinite(value)
        or (fact.whole and not whole)
        or not low <= value <= high
    ):
        bound = f" ({KNOWN}.{MARKET_SIZE})" if fact.factor is _share_of_market else ""
        raise ConfigError(
            f"{where}: {KNOWN}.{fact.name}={value!r}: {_range_text(fact, low, high)}{bound}"
        )
    return int(value) if fact.whole else float(value)


def parameter_values(facts: dict[str, float | int]) -> dict[str, float | int]:
    """The schema key and value each known fact sets, in :data:`FACTS` order."""
    return {f.key: f.to_parameter(facts[n], facts) for n, f in FACTS.items() if n in facts}


#: The fewest slots a role gets, and the largest factor of demand-driven growth allowed for.
MIN_SLOTS = 64
MAX_DEMAND_FACTOR = 16.0


def slots_per_role(
    parameters: dict[str, float | int], years: int, sales_budgets: list[float]
) -> int:
    """``workforce.slots_per_role`` for a company's world: small (fast), never in the way.

    The smallest power of two, at least :data:`MIN_SLOTS`, that holds the largest head-count
    a role may reach: salespeople planned under the largest sales budget multiplier of any
    leadership option (``sales_budgets``, as a comparison may switch to it); engineers and
    service staff, which demand-driven staffing raises with the work, as many as serving the
    whole market would ask at the company's week-0 staff per customer (week-0 staff times
    ``market.customers / customers at week 0``, at most :data:`MAX_DEMAND_FACTOR` times). Each
    plan grows at ``workforce.growth_per_year`` over ``years``. A slot count also decides which
    random numbers each position draws, so the company keeps one for all its runs.

    Args:
        parameters: The company's schema values (:func:`parameter_values`).
        years: The horizon the plan grows over.
        sales_budgets: ``leadership.sales_budget_multiplier`` of every leadership option.
    """
    weeks = years * WEEKS_PER_YEAR
    growth = float(parameters.get("workforce.growth_per_year", 0.0))

    def peak(initial: int) -> int:
        return max(planned_headcount(initial, growth, week) for week in (0, weeks))

    share = float(parameters["market.initial_customer_share"])
    demand = min(1.0 / share, MAX_DEMAND_FACTOR) if share > 0 else MAX_DEMAND_FACTOR
    sales = max(
        peak(planned_salespeople(int(parameters["workforce.salespeople"]), m))
        for m in sales_budgets or [1.0]
    )
    staff = max(int(parameters["workforce.engineers"]), int(parameters["workforce.service_staff"]))
    need = max(sales, math.ceil(peak(staff) * max(demand, 1.0)), MIN_SLOTS)
    high = _PARAMS["workforce.slots_per_role"][1]
    assert high is not None and high.high is not None
    return min(2 ** math.ceil(math.log2(need)), int(high.high))
