"""Write the generated tables of ``docs/regimes.md`` from the config groups in ``conf/``.

Each regime axis (a config group under ``conf/`` other than ``hydra`` and ``scenario``) gets a
table of the values its options resolve to, and the scenario presets get a table of the option
each picks per axis. The tables sit between marker comments in ``docs/regimes.md``::

    <!-- BEGIN GENERATED: leadership -->
    ...
    <!-- END GENERATED: leadership -->

Everything outside the markers is hand-written and left alone.

Usage: ``python -m sim.docgen.regimedoc`` rewrites the file in place; with ``--check`` it exits
1, naming the stale sections, when the file differs from what would be written.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from salesculture.sim.config import configdirs, validation
from salesculture.sim.config.compose import compose_with_choices
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import config_groups, group_options
from salesculture.sim.docgen.citations import link_citations
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.runs.runfiles import atomic_write

DOC = REPO_ROOT / "docs" / "regimes.md"
#: Config groups that are not regime axes, and the marker name of the presets table.
PRESETS = "scenario"
NOT_AXES = (
    validation.HYDRA_PREFIX,
    PRESETS,
    "experiment",
    "robustness_case",
    configdirs.COMPANY_GROUP,
)
MARKER = re.compile(
    r"<!-- BEGIN GENERATED: (?P<name>\w+) -->\n(?P<body>.*?)<!-- END GENERATED: (?P=name) -->",
    re.DOTALL,
)
COMMAND = "python -m salesculture.sim.docgen.regimedoc"
#: Marked sections of the same page that another generator owns (left as they are here).
OTHER_GENERATORS = {"effects": "experiments/regimes/effects.py"}


def regime_axes() -> list[str]:
    """The regime axes, in the order of their sections in :class:`SimConfig`."""
    order = [f.name for f in dataclasses.fields(SimConfig)]
    axes = [g for g in config_groups() if g not in NOT_AXES]
    return sorted(axes, key=lambda g: (order.index(g) if g in order else len(order), g))


@lru_cache(maxsize=256)
def _compose(conf_dir: str, overrides: tuple[str, ...]) -> tuple[SimConfig, dict[str, str]]:
    return compose_with_choices(list(overrides))  # conf_dir: part of the cache key only


def composed(*overrides: str) -> tuple[SimConfig, dict[str, str]]:
    """Compose ``conf/config.yaml`` with ``overrides``, as ``compose_config`` does.

    Composition is cached per overrides (and ``conf/`` directory), so one generation composes
    each option once.

    Returns:
        The validated configuration, and Hydra's record of the option chosen per config group
        (``hydra.runtime.choices``).
    """
    return _compose(str(configdirs.CONF_DIR), tuple(overrides))


def explicit_keys(axis: str, option: str) -> list[str]:
    """The keys ``conf/<axis>/<option>.yaml`` sets itself (not those it inherits)."""
    data = yaml.safe_load((configdirs.CONF_DIR / axis / f"{option}.yaml").read_text()) or {}
    return [str(k) for k in data if k != "defaults"]


def option_sections(axis: str) -> dict[str, Any]:
    """The ``axis`` section of the configuration each option of the axis composes to."""
    return {opt: getattr(composed(f"{axis}={opt}")[0], axis) for opt in group_options(axis)}


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "—"
    return str(value).replace("|", "\\|")


def _ordered_options(axis: str, options: list[str]) -> list[str]:
    """The baseline option first, then the others in name order."""
    default = composed()[1].get(axis)
    return sorted(options, key=lambda o: (o != default, o))


def axis_table(axis: str, sections: dict[str, Any], explicit: set[str]) -> str:
    """A Markdown table of an axis: one column per option, one row per parameter.

    Args:
        axis: The config group (and section of :class:`SimConfig`).
        sections: Each option's composed section.
        explicit: Keys that some option's YAML sets explicitly.

    Returns:
        Rows for the parameters that differ between options or that an option sets
        explicitly; the other keys follow in one "Shared:" line with their common value.
    """
    options = _ordered_options(axis, list(sections))
    names = [f.name for f in dataclasses.fields(next(iter(sections.values())))]
    out = [
        "| parameter | " + " | ".join(f"`{o}`" for o in options) + " |",
        "| --- |" + " --- |" * len(options),
    ]
    shared = []
    for name in names:
        values = [getattr(sections[o], name) for o in options]
        if name in explicit or any(v != values[0] for v in values):
            out.append(f"| `{name}` | " + " | ".join(_cell(v) for v in values) + " |")
        else:
            shared.append(f"`{axis}.{name}` {_cell(values[0])}")
    if shared:
        line = "Shared: " + ", ".join(shared) + "."
        opts = {"width": 100, "break_long_words": False, "break_on_hyphens": False}
        out += ["", *textwrap.wrap(line, **opts)]
    return "\n".join(out)


def axis_block(axis: str, sections: dict[str, Any] | None = None) -> str:
    """The generated table of one axis (its options' sections are composed if not given)."""
    sections = sections if sections is not None else option_sections(axis)
    explicit = {key for option in sections for key in explicit_keys(axis, option)}
    return axis_table(axis, sections, explicit)


def presets_table(axes: list[str], sections: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of the scenario presets: the option each picks per axis.

    The option names are Hydra's own record of the composition (``hydra.runtime.choices``), so
    they are exact even where options share a ``regime`` value or a preset inherits another.
    An entry that differs from the baseline's choice is bold; one whose composed section is not
    the option's own (the preset also sets keys of that axis) is marked "(+ overrides)".

    Args:
        axes: The regime axes, in column order.
        sections: Per axis, each option's composed section (as :func:`option_sections`).
    """
    baseline = composed()[1]
    presets = sorted(group_options(PRESETS), key=lambda p: (p != baseline.get(PRESETS), p))
    out = [
        "| preset | " + " | ".join(axes) + " | description |",
        "| --- |" + " --- |" * (len(axes) + 1),
    ]
    for preset in presets:
        config, choices = composed(f"{PRESETS}={preset}")
        cells = []
        for axis in axes:
            option = choices[axis]
            cell = f"**{option}**" if option != baseline.get(axis) else option
            if getattr(config, axis) != sections[axis].get(option):
                cell += " (+ overrides)"
            cells.append(cell)
        description = link_citations(_cell(config.scenario.description))
        out.append(f"| `{preset}` | " + " | ".join(cells) + f" | {description} |")
    return "\n".join(out)


def generate() -> dict[str, str]:
    """The body of every generated section, keyed by marker name (axis, or ``scenario``)."""
    axes = regime_axes()
    sections = {axis: option_sections(axis) for axis in axes}
    blocks = {axis: axis_block(axis, sections[axis]) for axis in axes}
    blocks[PRESETS] = presets_table(axes, sections)
    return blocks


def _body(block: str) -> str:
    return "\n" + block.strip("\n") + "\n\n"


def problems(text: str, blocks: dict[str, str]) -> list[str]:
    """What keeps ``text`` from being current: stale, missing and unknown sections."""
    found = {
        m["name"]: m["body"] for m in MARKER.finditer(text) if m["name"] not in OTHER_GENERATORS
    }
    out = [f"{n} (stale)" for n in blocks if n in found and found[n] != _body(blocks[n])]
    out += [f"{n} (no markers)" for n in blocks if n not in found]
    out += [f"{n} (unknown section)" for n in found if n not in blocks]
    return out


def render(text: str, blocks: dict[str, str]) -> str:
    """``text`` with the body of every marker pair replaced by its generated block.

    Raises:
        ValueError: when a block has no markers or a marker names no block.
    """
    bad = [p for p in problems(text, blocks) if not p.endswith("(stale)")]
    if bad:
        raise ValueError("cannot place generated sections: " + ", ".join(bad))

    def body(match: re.Match[str]) -> str:
        name = match["name"]
        if name in OTHER_GENERATORS:
            return match.group(0)
        begin, end = f"<!-- BEGIN GENERATED: {name} -->", f"<!-- END GENERATED: {name} -->"
        return f"{begin}\n{_body(blocks[name])}{end}"

    return MARKER.sub(body, text)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated sections of ``docs/regimes.md``, or check that they are current.

    Returns:
        The exit status: 1 when ``--check`` finds the file out of date, else 0.
    """
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    parser.add_argument("path", nargs="?", type=Path, default=DOC, help="default: %(default)s")
    args = parser.parse_args(argv)
    text = args.path.read_text()
    blocks = generate()
    if args.check:
        found = problems(text, blocks)
        if found:
            print(f"{args.path}: out of date: {', '.join(found)}; run: {COMMAND}", file=sys.stderr)
            return 1
        return 0
    new = render(text, blocks)
    if new != text:
        atomic_write(args.path, lambda tmp: Path(tmp).write_text(new))
    print(f"wrote {args.path}" if new != text else f"{args.path} is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
