"""The page's controls, generated from the configuration's own metadata.

Pickers list the presets (``conf/scenario/``) and each regime axis's options (``conf/<axis>/``);
sliders are made from each parameter's documented unit, range and meaning
(:func:`sim.config.params.param`), so the page can never disagree with the model or its
documentation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from salesculture.sim.config.params import ParamInfo, iter_params
from salesculture.sim.config.presets import scenario_descriptions
from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.config.validation import group_options
from salesculture.sim.views.live.session import ALONE, AS_PRESET, page_defaults

#: The parameters a room argues about, by dotted name: team sizes, pay, turnover, hiring,
#: exits and span of control. Their slider ranges, units and tooltips come from the metadata.
ARGUED = (
    "workforce.salespeople",
    "workforce.engineers",
    "workforce.service_staff",
    "incentives.commission_rate",
    "incentives.values_bonus_share",
    "staffing.sales_turnover_per_year",
    "people.screen_hires",
    "people.exit_threshold",
    "leadership.span_of_control",
)
#: A slider spans at most this factor around the baseline value when the documented range is
#: wider (a head-count may be 1 to 100,000, but a room compares 10 with 200).
SPAN = 4.0
#: Steps of a slider over its range.
STEPS = 100


@dataclass(frozen=True)
class Slider:
    """A slider (or a checkbox, for a yes/no parameter) for one documented parameter."""

    name: str
    value: object
    info: ParamInfo

    @property
    def label(self) -> str:
        """The parameter's plain name, e.g. ``salespeople``."""
        return self.name.split(".")[-1].replace("_", " ")

    @property
    def unit(self) -> str:
        """The parameter's unit, or ``""`` for a pure number."""
        return "" if self.info.unit in ("", "-") else self.info.unit

    @property
    def is_switch(self) -> bool:
        """A yes/no parameter."""
        return isinstance(self.value, bool)

    @property
    def is_integer(self) -> bool:
        """A whole-number parameter."""
        return isinstance(self.value, int) and not self.is_switch

    def bounds(self) -> tuple[float, float, float]:
        """The slider's (min, max, step): the documented range, narrowed around the baseline."""
        value = float(self.value)
        low = self.info.low if self.info.low is not None else 0.0
        high = self.info.high if self.info.high is not None else max(1.0, value * SPAN)
        if value > 0:
            low = max(low, value / SPAN) if high / max(low, 1e-12) > SPAN**2 else low
            high = min(high, value * SPAN)
        if self.is_integer:
            low, high = math.floor(low), math.ceil(high)
            step = max(1, round((high - low) / STEPS))
            return _on_grid(low, value, step), high, step
        step = _round_step((high - low) / STEPS)
        return _on_grid(low, value, step), high, step

    def solara_param(self) -> dict:
        """The entry of Mesa's ``model_params`` for this parameter."""
        if self.is_switch:
            return {
                "type": "Checkbox",
                "value": self.value,
                "label": self.label,
                "tooltip": self.info.doc,
            }
        low, high, step = self.bounds()
        kind = "SliderInt" if self.is_integer else "SliderFloat"
        return {
            "type": kind,
            "value": self.value,
            "label": self.label,
            "min": low,
            "max": high,
            "step": step,
            "unit": self.unit,
            "tooltip": self.info.doc,
        }


def _on_grid(low: float, value: float, step: float) -> float:
    """The lowest minimum, not below ``low``, from which whole steps reach ``value`` exactly.

    The browser's slider (Vuetify) snaps its value to ``min + k * step`` as soon as it is
    drawn and sends the snapped value back: a start value off that grid (108 people from a
    minimum of 27 in steps of 4) would become a parameter the user never moved (107), which
    overrides the preset's own value on Reset.
    """
    if value < low:
        return low
    whole = math.floor((value - low) / step + 1e-9)
    start = value - whole * step
    if isinstance(step, int) and float(value).is_integer():
        return int(start)
    return round(start, max(0, -math.floor(math.log10(step))) + 1)


def _round_step(step: float) -> float:
    """A step of 1, 2 or 5 times a power of ten, not larger than ``step``."""
    if step <= 0:
        return 0.01
    power = 10 ** math.floor(math.log10(step))
    return max(m * power for m in (1, 2, 5) if m * power <= step)


def sliders(config: SimConfig | None = None) -> list[Slider]:
    """A slider per argued parameter, at its value in ``config``.

    By default at the page's start values (:func:`sim.views.live.session.page_defaults`: the
    baseline under the page's company and ``--set``).
    """
    found = {
        name: (value, info)
        for name, value, info, _ in iter_params(config or page_defaults())
        if info is not None
    }
    missing = [name for name in ARGUED if name not in found]
    if missing:
        raise KeyError(f"undocumented or unknown parameters: {', '.join(missing)}")
    return [Slider(name, *found[name]) for name in ARGUED]


#: The speed control's range and start, in weeks per second: the player waits ``1000 / speed``
#: milliseconds between weeks (on top of the time a week takes to simulate and draw).
SPEED = {"min": 1, "max": 50, "value": 50}
#: The "draw every N weeks" control's range (charts drawn every N weeks while playing).
DRAW_EVERY = {"min": 1, "max": 26, "value": 1}
#: Controls that act at once (not on Reset): the player's speed and how often it draws.
PLAYER = {
    "speed": {
        "type": "SliderInt",
        **SPEED,
        "step": 1,
        "label": "Speed",
        "unit": "weeks/s",
        "format": "up to {} weeks/s",
        "tooltip": "How many weeks a second the player aims at while playing; a busy machine "
        "or two configurations side by side play slower.",
    },
    "draw_every": {
        "type": "SliderInt",
        **DRAW_EVERY,
        "step": 1,
        "label": "Draw every N weeks",
        "unit": "weeks",
        "format": "every {} weeks",
        "format_one": "every week",
        "tooltip": "While playing, the charts are drawn every N weeks: raise it when the page "
        "cannot keep up.",
    },
}


def play_interval(speed: int) -> int:
    """Milliseconds the player waits between weeks for ``speed`` weeks a second."""
    return max(1, round(1000 / max(1, speed)))


def model_params(seed: int = 0, years: int = 5) -> dict[str, object]:
    """Every control applied on Reset, as the keyword arguments of :class:`LiveSession`.

    Each entry has Mesa's ``model_params`` fields (``type``, ``value``, ``label``, ``min``,
    ``max``, ``step``, ``values``) and, for the page, ``unit``, ``tooltip`` (hover help) and,
    for the preset pickers, ``descriptions`` (each preset's one line). The player's controls
    (:data:`PLAYER`) may also say how their value reads (``format``, ``format_one`` for 1).
    """
    descriptions, _ = scenario_descriptions()
    presets = group_options("scenario")
    params: dict[str, object] = {
        "preset": {
            "type": "Select",
            "value": "baseline",
            "values": presets,
            "label": "preset",
            "descriptions": descriptions,
            "tooltip": "A named regime (conf/scenario/): the configuration Reset builds.",
        },
        "versus": {
            "type": "Select",
            "value": ALONE,
            "values": [ALONE, *presets],
            "label": "side by side with",
            "descriptions": descriptions,
            "tooltip": "A second preset run beside the first on the same seed (same customers, "
            "same luck), or none. Takes effect on Reset.",
        },
        "seed": {
            "type": "SliderInt",
            "value": seed,
            "min": 0,
            "max": 99,
            "step": 1,
            "label": "seed",
            "unit": "",
            "tooltip": "The random seed: the same seed gives the same customers and luck.",
        },
        "years": {
            "type": "SliderInt",
            "value": years,
            "min": 1,
            "max": 10,
            "step": 1,
            "label": "years",
            "unit": "years",
            "tooltip": "How long a run lasts: the player stops at the end.",
        },
    }
    for axis in REGIME_AXES:
        params[axis] = {
            "type": "Select",
            "value": AS_PRESET,
            "values": [AS_PRESET, *group_options(axis)],
            "label": axis.replace("_", " "),
            "tooltip": f"The {axis.replace('_', ' ')} regime (conf/{axis}/); "
            f"'{AS_PRESET}' keeps the preset's.",
        }
    for slider in sliders():
        params[slider.name] = slider.solara_param()
    return params
