"""The docs are self-contained and every citation resolves.

A work is cited by its key in square brackets (``sim.docgen.citations``): a link in Markdown, plain
text in parameter sources and experiment questions. Every key must have its entry in
docs/sources.md or docs/references.md; no doc may point outside the repository; the licence the
LICENSE file grants is the one pyproject.toml and CITATION.cff declare.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.docgen.citations import PLAIN, citation_keys, link_citations
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.study.experiments import Experiment, names

DOCS = REPO_ROOT / "docs"
#: Every Markdown file a reader of the repository reads.
MARKDOWN = sorted(
    [REPO_ROOT / "README.md", *DOCS.glob("*.md"), *REPO_ROOT.glob("experiments/*/README.md")]
)
#: A link to an entry: its text and its target (path ending in sources.md or references.md).
CITATION_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:[./\w-]*/)?(?:sources|references)\.md)#([\w-]+)\)")
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]


def _rel(path) -> str:
    return str(path.relative_to(REPO_ROOT))


@pytest.mark.parametrize("path", MARKDOWN, ids=_rel)
def test_docs_point_nowhere_outside_the_repository(path) -> None:
    """No doc cites a source text by a file outside the repository, nor a shared directory."""
    text = path.read_text()
    assert "seeds/" not in text and "../shared" not in text, _rel(path)


@pytest.mark.parametrize("path", MARKDOWN, ids=_rel)
def test_every_citation_link_resolves_to_its_entry(path) -> None:
    """Each link to sources.md or references.md names an entry's anchor, with its key as text."""
    keys = citation_keys()
    anchors = {target: key for key, target in keys.items()}
    for text, file, anchor in CITATION_LINK.findall(path.read_text()):
        target = f"{file.rsplit('/', 1)[-1]}#{anchor}"
        assert target in anchors, (_rel(path), text, target)
        assert text == anchors[target], (_rel(path), text, "should read", anchors[target])


def _bracketed(text: str) -> list[str]:
    """The ``[...]`` of ``text`` that hold words (not ranges like ``[0, 1]``), not yet links."""
    return [m for m in PLAIN.findall(text) if re.search(r"[A-Za-z]{2}", m)]


def test_parameter_sources_cite_known_keys() -> None:
    """Every bracketed citation in a parameter's source or meaning has an entry."""
    keys = citation_keys()
    cited = set()
    for name, _value, info, _field in iter_params(SimConfig()):
        if info is None:
            continue
        for key in _bracketed(info.source) + _bracketed(info.doc):
            assert key in keys, (name, key)
            cited.add(key)
    assert {"Led or Driven", "Bass 1969"} <= cited


@pytest.mark.parametrize("name", names())
def test_experiment_questions_cite_a_source_text(name: str) -> None:
    """Each experiment's question names the source text(s) it comes from, by known keys."""
    keys = citation_keys()
    cited = _bracketed(Experiment(name).summary())
    assert cited and all(keys.get(key, "").startswith("sources.md") for key in cited), cited


def test_each_source_text_has_a_key_and_is_cited() -> None:
    """docs/sources.md has five entries, and the ODD cites each of them."""
    sources = [key for key, target in citation_keys().items() if target.startswith("sources.md")]
    odd = (DOCS / "odd.md").read_text()
    assert len(sources) == 5
    for key in sources:
        assert f"[{key}](sources.md#" in odd, key


def test_link_citations_links_known_keys_only() -> None:
    """A known key becomes a link; an unknown one, a range and an existing link stay as they are."""
    keys = {"Bass 1969": "references.md#bass-1969"}
    text = "[Bass 1969] (q); [Nobody 2000]; a value in [0, 1]; [Bass 1969](references.md#bass-1969)"
    assert link_citations(text, prefix="../", keys=keys) == (
        "[Bass 1969](../references.md#bass-1969) (q); [Nobody 2000]; a value in [0, 1]; "
        "[Bass 1969](references.md#bass-1969)"
    )


def test_licence_matches_pyproject_and_citation() -> None:
    """LICENSE grants the licence pyproject declares; CITATION.cff names it and the version."""
    first_line = (REPO_ROOT / "LICENSE").read_text().splitlines()[0]
    assert first_line == f"{PYPROJECT['license']} License"
    citation = yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text())
    assert citation["license"] == PYPROJECT["license"]
    assert citation["version"] == PYPROJECT["version"]
    assert citation["cff-version"] == "1.2.0" and citation["references"]
