"""Every mechanism's effect alone lies inside the range its evidence supports (quick version).

``docs/evidence.md`` is produced by ``experiments/evidence/measure.py`` with 10 paired seeds over
5 years and checks each effect's mean against the range in ``experiments/evidence/contrasts.py``.
This quick version runs 3 paired seeds over 5 years and accepts a band widened by half the
range's width on each side (at least 0.02 in the contrast's units), because three seeds give a
wider interval; it still fails when a mechanism leaves its evidence by a clear margin.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from experiments.evidence.contrasts import CONTRASTS, Contrast  # noqa: E402
from experiments.evidence.measure import run_contrasts  # noqa: E402

SEEDS = 3
YEARS = 5


def widened(contrast: Contrast) -> tuple[float, float]:
    """The quick test's band: the evidence range widened by half its width (at least 0.02)."""
    margin = max(0.5 * (contrast.high - contrast.low), 0.02)
    return contrast.low - margin, contrast.high + margin


@pytest.fixture(scope="module")
def effects() -> dict[str, dict]:
    rows = run_contrasts(CONTRASTS, seeds=SEEDS, years=YEARS, jobs=2)
    return {row["key"]: row for row in rows}


@pytest.mark.slow
@pytest.mark.parametrize("contrast", CONTRASTS, ids=lambda contrast: contrast.key)
def test_mechanism_effect_is_inside_its_evidence(effects: dict[str, dict], contrast) -> None:
    effect = effects[contrast.key]["mean"]
    low, high = widened(contrast)
    assert math.isfinite(effect), f"{contrast.key}: no effect measured"
    assert low <= effect <= high, (
        f"{contrast.key}: model effect {contrast.fmt(effect)} outside "
        f"{contrast.fmt(low)}..{contrast.fmt(high)} (evidence {contrast.range_text}, "
        f"{contrast.source})"
    )
