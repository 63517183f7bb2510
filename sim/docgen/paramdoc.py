"""Write ``docs/parameters.md`` from the parameter metadata in :mod:`sim.config.schema`.

Usage: ``python -m sim.docgen.paramdoc [OUT]`` (default ``docs/parameters.md``).
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.docgen.citations import citation_keys, link_citations
from salesculture.sim.runs.provenance import REPO_ROOT


def parameter_table(config: SimConfig | None = None) -> str:
    """A Markdown table per section: name, default, unit, allowed values, source, meaning."""
    config = config or SimConfig()
    keys = citation_keys()
    sections: dict[str, list[str]] = {}
    for name, value, info, _field in iter_params(config):
        if info is None:
            continue
        section = name.split(".")[0] if "." in name else "run"
        sections.setdefault(section, []).append(
            f"| `{name}` | {value!r} | {info.unit} | {info.allowed()} "
            f"| {link_citations(info.source, keys=keys)} | {link_citations(info.doc, keys=keys)} |"
        )
    out = [
        "# Parameters",
        "",
        "Every parameter of the model, generated from `sim/config/schema.py` "
        "(`python -m salesculture.sim.docgen.paramdoc`). Defaults are the baseline; regime groups "
        "in `conf/` set the regime parameters (see [regimes.md](regimes.md)). Sources: named "
        "figures are published evidence ([evidence.md](evidence.md)) or stylized facts "
        "([calibration.md](calibration.md)), each linked to its entry in "
        "[references.md](references.md); "
        '"assumed" marks a size no published figure sets, with the source text '
        "([sources.md](sources.md)) that gives its direction; a source text alone is cited only "
        "for a regime choice or for what the text itself states.",
        "",
    ]
    docs = {f.name: (f.type, f.default_factory) for f in dataclasses.fields(SimConfig)}
    for section, rows in sections.items():
        doc = ""
        if section in docs and docs[section][1] is not dataclasses.MISSING:
            doc = (docs[section][1].__doc__ or "").strip().splitlines()[0]
            doc = link_citations(doc, keys=keys)
        out += [
            f"## {section}",
            "",
            doc,
            "",
            "| name | default | unit | allowed | source | meaning |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
        ]
    return "\n".join(out)


def main() -> None:
    """Write the parameter reference."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "docs" / "parameters.md"
    out.write_text(parameter_table())
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
