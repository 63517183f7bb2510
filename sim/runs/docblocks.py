"""Generated sections of the docs: the text between a pair of named markers.

A page keeps its hand-written prose; a generator owns only what lies between
``<!-- BEGIN GENERATED: name -->`` and ``<!-- END GENERATED: name -->``.
"""

from __future__ import annotations

from pathlib import Path

from salesculture.sim.runs.runfiles import atomic_write


class MarkerError(ValueError):
    """A page whose markers are not one BEGIN followed by one END."""


def markers(name: str) -> tuple[str, str]:
    """The BEGIN and END marker lines of section ``name``."""
    return f"<!-- BEGIN GENERATED: {name} -->", f"<!-- END GENERATED: {name} -->"


def splice(existing: str | None, name: str, block: str, title: str, where: str) -> str:
    """``existing`` with section ``name`` replaced by ``block``.

    A missing page gets ``title`` and the markers; a page without them gets them appended.

    Raises:
        MarkerError: naming ``where`` if the markers are not one BEGIN followed by one END.
    """
    begin, end = markers(name)
    generated = f"{begin}\n{block.rstrip()}\n{end}"
    if existing is None:
        return f"# {title}\n\n{generated}\n"
    begins, ends = existing.count(begin), existing.count(end)
    if begins == 0 and ends == 0:
        return existing.rstrip("\n") + "\n\n" + generated + "\n"
    if begins != 1 or ends != 1 or existing.index(begin) > existing.index(end):
        raise MarkerError(f"{where}: expected one {begin} line followed by one {end} line")
    head, rest = existing.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + generated + tail


def write_block(path: Path, name: str, block: str, title: str) -> None:
    """Write ``block`` as section ``name`` of ``path``, atomically."""
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    text = splice(existing, name, block, title, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
