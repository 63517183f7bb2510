"""The index of the experiments in ``docs/experiments.md``, generated from the experiments.

Each experiment's entry: its question (the config's first comment line), the command that
reproduces it, and its headline result: the numbers its analysis script names in ``HEADLINE``
(else its first three), as ``expected.json`` records them from the full design. Regenerate
after ``salesculture reproduce NAME --write-expected``::

    python -m sim.docgen.experimentdoc
"""

from __future__ import annotations

import json

from salesculture.sim.docgen.citations import link_citations
from salesculture.sim.runs.compare import count
from salesculture.sim.runs.docblocks import write_block
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.study.experiments import Experiment, names
from salesculture.sim.study.findings import Number, interval

DOC = REPO_ROOT / "docs" / "experiments.md"
BLOCK = "experiments"


def entry(name: str) -> list[str]:
    """The lines of one experiment's entry."""
    experiment = Experiment(name)
    lines = [
        f"### {name}",
        "",
        link_citations(experiment.summary()),
        "",
        f"`salesculture reproduce {name}` — design, table and figure: "
        f"[experiments/{name}/README.md](../experiments/{name}/README.md)",
        "",
    ]
    path = experiment.expected_path
    full = json.loads(path.read_text()).get("full") if path.exists() else None
    if not full:
        return [*lines, "No full-design numbers recorded yet.", ""]
    numbers = full["numbers"]
    chosen = list(getattr(experiment.analysis(), "HEADLINES", ()))
    chosen = [n for n in chosen if n in numbers] or list(numbers)[:3]
    lines.append(
        f"Headline result ({full['runs']} runs, {len(full['seeds'])} paired seeds, "
        f"{count(full['years'], 'year')}; mean and 95 % interval; `*`: a difference whose "
        "interval excludes 0):"
    )
    lines.append("")
    for key in chosen:
        record = numbers[key]
        number = Number(
            record["value"] if record["value"] is not None else float("nan"),
            record["ci_low"] if record["ci_low"] is not None else float("nan"),
            record["ci_high"] if record["ci_high"] is not None else float("nan"),
            record["unit"],
            record["what"],
        )
        lines.append(f"- `{key}`: {interval(number, sign=number.difference)}")
    return [*lines, ""]


def index() -> str:
    """Every experiment's entry."""
    return "\n".join(line for name in names() for line in entry(name)).rstrip()


def write() -> None:
    """Write the index into ``docs/experiments.md``'s generated block."""
    write_block(DOC, BLOCK, index(), "Experiments")


if __name__ == "__main__":
    write()
    print(f"wrote {DOC}")
