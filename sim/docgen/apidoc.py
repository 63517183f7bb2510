"""Write the reference of the Python API in ``docs/api.md`` from the docstrings.

Usage: ``python -m salesculture.sim.docgen.apidoc``. Every public name of ``salesculture``
(its ``__all__``) gets its signature and docstring; the results they return (comparison,
explanation, sweep report, reproduction) their fields and methods.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable

from salesculture import api
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.aggregate import SweepReport
from salesculture.sim.runs.compare import Comparison
from salesculture.sim.runs.docblocks import write_block
from salesculture.sim.runs.explain import Explanation
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.study.reproduce import Reproduction
from salesculture.sim.world.model import SalesCultureModel

DOC = REPO_ROOT / "docs" / "api.md"
BLOCK = "python-api"
#: The public names, in the order the page lists them (``salesculture.__all__``'s, as told).
FUNCTIONS: tuple[Callable, ...] = (
    api.presets,
    api.compose,
    api.run,
    api.compare,
    api.plot,
    api.explain,
    api.reproduce,
    api.read_run,
    api.read_sweep,
)
CLASSES: tuple[type, ...] = (SalesCultureModel, api.Run, ConfigError)
#: What the functions return, with the methods a reader calls.
RESULTS: tuple[tuple[type, tuple[str, ...]], ...] = (
    (Comparison, ("table", "results", "notes")),
    (Explanation, ("summary", "table", "largest", "to_json")),
    (SweepReport, ()),
    (Reproduction, ("mismatches",)),
)
SECTIONS = ("Args:", "Returns:", "Raises:", "Attributes:", "Example:")
_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr):`~?([^`]+)`")
_ENTRY = re.compile(r"(\*{0,2}[\w.]+)(?: \(([^)]*)\))?: (.*)")


def inline(text: str) -> str:
    """The inline markup of reStructuredText as Markdown: ``x`` -> `x`, :func:`~a.b` -> `a.b`."""
    text = _ROLE.sub(lambda m: f"`{m.group(1)}`", text)
    return text.replace("``", "`")


def markdown(doc: str) -> str:
    """A Google-style docstring as Markdown: sections bold, their entries a list, code fenced."""
    out: list[str] = []
    section = None
    code = False
    for line in inspect.cleandoc(doc).splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if code and (indent or not stripped):
            if stripped or out[-1] != "```python":
                out.append(line[4:] if stripped else "")
            continue
        if code:
            while out and not out[-1]:
                out.pop()
            out += ["```", ""]
            code = False
        if stripped in SECTIONS:
            section = stripped[:-1]
            out += ["", f"**{section}**", ""]
            continue
        entry = _ENTRY.fullmatch(stripped)
        if indent and section in ("Args", "Attributes", "Raises") and entry and indent <= 4:
            out.append(f"- `{entry.group(1)}`: {inline(entry.group(3))}")
        elif indent and out and out[-1]:
            out[-1] += " " + inline(stripped)
        elif stripped.endswith("::"):
            out += [inline(stripped[:-1]), "", "```python"]
            code = True
        else:
            section = None if not indent and stripped else section
            out.append(inline(stripped))
    if code:
        out.append("```")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def signature(obj: Callable, name: str) -> str:
    """``name(a: int = 1, *, b: str = 'x') -> T``, annotations as written in the code."""
    parts, star = [], False
    for p in inspect.signature(obj).parameters.values():
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        text = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        star = star or p.kind is p.VAR_POSITIONAL
        if p.annotation is not p.empty:
            text += f": {p.annotation}"
        if p.default is not p.empty:
            text += f" = {p.default!r}"
        parts.append(text)
    returns = inspect.signature(obj).return_annotation
    tail = "" if returns in (inspect.Signature.empty, None, "None") else f" -> {returns}"
    return f"{name}({', '.join(parts)}){tail}"


def entry(obj: Callable, name: str) -> list[str]:
    """One name: its signature (a heading) and its docstring."""
    try:
        shown = signature(obj, name)
    except ValueError:  # a built-in's (an exception's): no signature to show
        shown = name
    return [f"### `{shown}`", "", markdown(obj.__doc__ or ""), ""]


def result(cls: type, methods: tuple[str, ...]) -> list[str]:
    """A result class: its docstring, its fields and the methods a reader calls."""
    lines = [f"### `{cls.__module__}.{cls.__name__}`", "", markdown(cls.__doc__ or ""), ""]
    if dataclasses.is_dataclass(cls):
        names = ", ".join(f"`{f.name}`" for f in dataclasses.fields(cls))
        lines += [f"Fields: {names}.", ""]
    for method in methods:
        member = getattr(cls, method)
        if isinstance(member, property):
            summary = (member.__doc__ or "").strip().splitlines()[0]
            lines.append(f"- `{method}` (property): {inline(summary)}")
            continue
        summary = (member.__doc__ or "").strip().splitlines()[0]
        lines.append(f"- `{signature(member, method).replace('self, ', '').replace('self', '')}`:"
                     f" {inline(summary)}")  # fmt: skip
    return [*lines, ""] if methods else lines


def reference() -> str:
    """The generated part of ``docs/api.md``."""
    lines = ["## Functions", ""]
    for function in FUNCTIONS:
        lines += entry(function, f"salesculture.{function.__name__}")
    lines += ["## The model and the run", ""]
    for cls in CLASSES:
        lines += entry(cls, f"salesculture.{cls.__name__}")
    lines += ["## What the functions return", ""]
    for cls, methods in RESULTS:
        lines += result(cls, methods)
    return "\n".join(lines).rstrip() + "\n"


def write() -> None:
    """Write the reference into ``docs/api.md``'s generated block."""
    write_block(DOC, BLOCK, reference(), "The Python API")


if __name__ == "__main__":
    write()
    print(f"wrote {DOC}")
