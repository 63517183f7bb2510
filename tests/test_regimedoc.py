"""The generated tables of docs/regimes.md stay in step with conf/."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from salesculture.sim.config import configdirs
from salesculture.sim.config.validation import group_options
from salesculture.sim.docgen import regimedoc

DOC = regimedoc.DOC


def _header_options(block: str) -> list[str]:
    header = block.strip().splitlines()[0]
    return [cell.strip().strip("`") for cell in header.strip("|").split("|")][1:]


def _first_column(block: str) -> list[str]:
    rows = [line for line in block.strip().splitlines() if line.startswith("| ")]
    return [row.split("|")[1].strip().strip("`") for row in rows[2:]]


def test_regime_docs_are_current(capsys: pytest.CaptureFixture[str]) -> None:
    status = regimedoc.main(["--check", str(DOC)])
    assert status == 0, capsys.readouterr().err


def test_check_fails_when_a_composed_value_changes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = regimedoc.composed

    def patched(*overrides: str):
        config, choices = original(*overrides)
        if overrides == ("leadership=sales_led",):
            leadership = dataclasses.replace(config.leadership, contact_strength=0.77)
            config = dataclasses.replace(config, leadership=leadership)
        return config, choices

    monkeypatch.setattr(regimedoc, "composed", patched)
    assert "| `contact_strength` |" in regimedoc.generate()["leadership"]
    assert "0.77" in regimedoc.generate()["leadership"]
    assert regimedoc.main(["--check", str(DOC)]) == 1
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert "leadership (stale)" in message
    assert "incentives" not in message


def test_check_fails_on_an_edited_copy_and_rewrite_repairs_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "regimes.md"
    text = DOC.read_text()
    match = next(m for m in regimedoc.MARKER.finditer(text) if m["name"] == "process")
    row = next(line for line in match["body"].splitlines() if line.startswith("| `"))
    body = match["body"].replace(row, row.removesuffix(" |") + " (edited) |", 1)
    edited = text[: match.start("body")] + body + text[match.end("body") :]
    assert edited != text
    copy.write_text(edited)
    assert regimedoc.main(["--check", str(copy)]) == 1
    assert "process (stale)" in capsys.readouterr().err
    assert regimedoc.main([str(copy)]) == 0
    assert copy.read_text() == text
    assert regimedoc.main(["--check", str(copy)]) == 0


def test_missing_markers_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "regimes.md"
    copy.write_text(DOC.read_text().replace("GENERATED: focus -->", "GENERATED: fokus -->"))
    assert regimedoc.main(["--check", str(copy)]) == 1
    err = capsys.readouterr().err
    assert "focus (no markers)" in err
    assert "fokus (unknown section)" in err
    with pytest.raises(ValueError, match="focus"):
        regimedoc.main([str(copy)])


def test_every_option_of_every_axis_is_a_column() -> None:
    blocks = regimedoc.generate()
    axes = regimedoc.regime_axes()
    assert set(blocks) == {*axes, regimedoc.PRESETS}
    assert "scenario" not in axes and "hydra" not in axes
    for axis in axes:
        assert sorted(_header_options(blocks[axis])) == group_options(axis), axis
        assert "regime" in _first_column(blocks[axis]), axis
    assert _header_options(blocks[regimedoc.PRESETS])[:-1] == axes
    assert sorted(_first_column(blocks[regimedoc.PRESETS])) == group_options("scenario")


def test_presets_name_the_option_not_the_regime() -> None:
    rows = regimedoc.generate()[regimedoc.PRESETS].splitlines()
    overspend = next(r for r in rows if r.startswith("| `sales_driven_overspend` |"))
    assert "**sales_driven_overspend**" in overspend
    baseline = rows[2]
    assert baseline.startswith("| `baseline` |") and "**" not in baseline


def test_an_inheriting_option_shows_its_resolved_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "conf"
    shutil.copytree(configdirs.CONF_DIR, conf)
    (conf / "leadership" / "sales_driven_bigspend.yaml").write_text(
        "defaults:\n  - sales_driven\n\nsales_budget_multiplier: 2.0\n"
    )
    monkeypatch.setattr(configdirs, "CONF_DIR", conf)
    block = regimedoc.axis_block("leadership")
    options = _header_options(block)
    assert "sales_driven_bigspend" in options
    column = options.index("sales_driven_bigspend") + 2  # after "" and the name
    rows = {
        r.split("|")[1].strip(): r.split("|") for r in block.splitlines() if r.startswith("| `")
    }
    assert rows["`sales_budget_multiplier`"][column].strip() == "2.0"
    assert rows["`contact_strength`"][column].strip() == "0.15"
    assert rows["`regime`"][column].strip() == "sales_driven"
