"""Economic sanity of every preset, on paired seeds of the default world over five years.

- Each preset's largest profit channel against the baseline (``salesculture explain``) is one
  its description names (``scenario.channels``): a headline effect carried by a channel no
  mechanism claims is an artefact.
- No preset raises revenue for free: where revenue rises clearly, some cost rises clearly too,
  or another kind of revenue falls (a trade-off shows in the channels).
"""

from __future__ import annotations

import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.validation import group_options
from salesculture.sim.runs.compare import compare
from salesculture.sim.runs.explain import PROFIT_WORDS, explain
from salesculture.sim.runs.stats import mean_interval

PRESETS = [name for name in group_options("scenario") if name != "baseline"]
SEEDS, YEARS = 4, 5


@pytest.fixture(scope="module")
def presets() -> object:
    """Every preset and the baseline, on the same seeds."""
    return compare(["baseline", *PRESETS], seeds=SEEDS, years=YEARS, jobs=2, progress=False)


def _channels(preset: str) -> list[str]:
    return list(compose_config([f"scenario={preset}"]).scenario.channels)


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_names_its_channels(preset: str) -> None:
    """A preset declares the channels its description names, each a channel of explain."""
    channels = _channels(preset)
    assert channels, f"{preset}: scenario.channels is empty"
    assert set(channels) <= set(PROFIT_WORDS), set(channels) - set(PROFIT_WORDS)


@pytest.mark.slow
@pytest.mark.parametrize("preset", PRESETS)
def test_largest_profit_channel_is_one_the_preset_names(presets, preset: str) -> None:
    """explain's largest profit channel against the baseline is one of ``scenario.channels``.

    Of the channels whose paired interval excludes zero: a channel that moves by luck alone
    carries no effect.
    """
    e = explain(presets.runs, "baseline", preset, YEARS)
    clear = [r for r in e.largest(len(PROFIT_WORDS)) if r.clear]
    if not clear:
        pytest.skip(f"{preset}: no profit channel differs clearly from the baseline")
    largest = clear[0]
    assert largest.channel in _channels(preset), (
        f"{preset}: profit moves most through {largest.channel} "
        f"({largest.to_profit:+,.0f}), which its description does not name: {e.summary()}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("preset", PRESETS)
def test_no_preset_raises_revenue_for_free(presets, preset: str) -> None:
    """Revenue that rises clearly comes with a cost that rises clearly, or a revenue that falls.

    "Clearly": the 95 % interval of the paired difference excludes zero.
    """
    e = explain(presets.runs, "baseline", preset, YEARS)
    runs = presets.runs.set_index(["scenario", "seed"])
    gain = (runs.loc[preset, "revenue"] - runs.loc["baseline", "revenue"]).to_numpy()
    _, low, _ = mean_interval(gain)
    if not low > 0:
        pytest.skip(f"{preset} does not raise revenue clearly")
    profit = e.group("profit")
    costs_up = [r for r in profit if r.channel.startswith("cost_") and r.clear and r.diff > 0]
    revenue_down = [
        r for r in profit if r.channel.startswith("revenue_") and r.clear and r.diff < 0
    ]
    assert costs_up or revenue_down, f"{preset} raises revenue with no cost: {e.summary()}"
