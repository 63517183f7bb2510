"""Write the table of summary metrics in ``docs/odd.md`` from :mod:`sim.world.metricdefs`.

Usage: ``python -m sim.docgen.metricdoc``.
"""

from __future__ import annotations

from salesculture.sim.runs.docblocks import write_block
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.world.metricdefs import SUMMARY

DOC = REPO_ROOT / "docs" / "odd.md"
BLOCK = "summary-metrics"


def metric_table() -> str:
    """The summary metrics as a Markdown table: name, definition in the code, unit."""
    lines = ["| name | definition in the code | unit |", "| --- | --- | --- |"]
    lines += [f"| `{m.name}` | {m.definition} | {m.unit_text} |" for m in SUMMARY]
    return "\n".join(lines)


def write() -> None:
    """Write the table into ``docs/odd.md``'s generated block."""
    write_block(DOC, BLOCK, metric_table(), "ODD")


if __name__ == "__main__":
    write()
    print(f"wrote {DOC}")
