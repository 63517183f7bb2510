"""CITATION.cff: valid Citation File Format 1.2.0, with the package's own version."""

from __future__ import annotations

import datetime
import tomllib
from importlib import metadata

import yaml

from salesculture.sim.runs.provenance import REPO_ROOT

REQUIRED = ("cff-version", "message", "title", "authors")


def citation() -> dict:
    return yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text())


def test_citation_is_cff_1_2_0() -> None:
    data = citation()
    assert data["cff-version"] == "1.2.0"
    assert all(data.get(key) for key in REQUIRED), [k for k in REQUIRED if not data.get(k)]
    for author in data["authors"]:  # a person has family-names, an entity a name
        assert author.get("name") or author.get("family-names"), author
    assert isinstance(data["date-released"], datetime.date)  # YYYY-MM-DD, not a string
    assert isinstance(data["abstract"], str) and len(data["abstract"]) > 100
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert data["license"] == project["license"]


def test_citation_version_is_the_package_version() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert str(citation()["version"]) == project["version"] == metadata.version("salesculture")
