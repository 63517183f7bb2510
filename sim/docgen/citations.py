"""Citations: the keys of the source texts and published works, and links to their entries.

A work is cited by its key in square brackets, ``[Led or Driven]`` or ``[Bass 1969]``. In code,
configuration comments, parameter sources and experiment questions the key stands as plain text; in
Markdown it is a link to the work's entry, ``[Led or Driven](sources.md#led-or-driven)``. The
entries are ``docs/sources.md`` (the five source texts) and ``docs/references.md`` (published
works), each declaring its key once as ``<a id="ANCHOR"></a>**[KEY]**``.
"""

from __future__ import annotations

import re
from pathlib import Path

from salesculture.sim.runs.provenance import REPO_ROOT

#: The files that declare citation keys, relative to ``docs/``.
ENTRY_FILES = ("sources.md", "references.md")
#: One entry: its anchor and its key.
ENTRY = re.compile(r'<a id="([a-z0-9-]+)"></a>\*\*\[([^\]]+)\]\*\*')
#: A key in square brackets that is not already a link (nor a link's text).
PLAIN = re.compile(r"(?<!\[)\[([^\[\]]+)\](?![(\[])")


def citation_keys(docs: Path = REPO_ROOT / "docs") -> dict[str, str]:
    """Each key's entry, ``file.md#anchor`` relative to ``docs/``."""
    keys: dict[str, str] = {}
    for name in ENTRY_FILES:
        for anchor, key in ENTRY.findall((docs / name).read_text()):
            keys[key] = f"{name}#{anchor}"
    return keys


def link_citations(text: str, prefix: str = "", keys: dict[str, str] | None = None) -> str:
    """``text`` with each known ``[Key]`` made a link to its entry (``prefix``: path to docs/)."""
    keys = citation_keys() if keys is None else keys

    def link(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"[{key}]({prefix}{keys[key]})" if key in keys else match.group(0)

    return PLAIN.sub(link, text)
