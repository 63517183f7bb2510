"""Write the tables of ``docs/company.md``: the known facts of a profile and the figures observed.

Both from their one declaration: :data:`sim.config.companyfacts.FACTS` (each fact, the schema key
it sets and its conversion) and :data:`sim.config.figures.FIGURES`.

Usage: ``python -m sim.docgen.companydoc``.
"""

from __future__ import annotations

from salesculture.sim.config.companyfacts import FACTS, fact_range
from salesculture.sim.config.figures import FIGURES
from salesculture.sim.runs.docblocks import write_block
from salesculture.sim.runs.provenance import REPO_ROOT

DOC = REPO_ROOT / "docs" / "company.md"
TITLE = "A company of one's own"
FACTS_BLOCK = "company-facts"
FIGURES_BLOCK = "company-figures"


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def facts_table() -> str:
    """The known facts as a Markdown table: fact, unit, schema key, conversion, range."""
    lines = [
        "| fact (`known.`) | unit | sets | conversion | valid range | required |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    market = {"market_size": 1000}  # a share of the market's range is shown in its own words
    for name, fact in FACTS.items():
        if fact.conversion == "/ market_size":
            span = "0 to market_size"
        else:
            low, high = fact_range(fact, market)
            span = f"{_number(low)} to {_number(high)}"
        kind = "whole " if fact.whole else ""
        lines.append(
            f"| `{name}` | {kind}{fact.unit} | `{fact.key}` | {fact.conversion} | {span} "
            f"| {'yes' if fact.required else 'no'} |"
        )
    return "\n".join(lines)


def figures_table() -> str:
    """The figures a profile may observe: name, unit, range, definition, default uncertainty."""
    lines = [
        "| figure | unit | range | definition | default sd |",
        "| --- | --- | --- | --- | --- |",
    ]
    for f in FIGURES.values():
        sd = f"{f.default_sd:.0%} of the value" if f.relative else f"{f.default_sd:g} {f.unit}"
        lines.append(
            f"| `{f.name}` | {f.unit} | {_number(f.low)} to {_number(f.high)} | {f.definition} "
            f"| {sd} |"
        )
    return "\n".join(lines)


def write() -> None:
    """Write both tables into ``docs/company.md``'s generated blocks."""
    write_block(DOC, FACTS_BLOCK, facts_table(), TITLE)
    write_block(DOC, FIGURES_BLOCK, figures_table(), TITLE)


if __name__ == "__main__":
    write()
    print(f"wrote {DOC}")
