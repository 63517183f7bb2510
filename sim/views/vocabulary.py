"""The plotting vocabulary: colours, line styles, names and units shared by every figure.

The figures of ``compare --plot``, of a sweep's ``report.png`` and of the live page draw with
the functions of :mod:`sim.views.panels` and take every colour, style, name and unit from here, so
that a figure reads the same wherever it appears:

- a preset has one colour in every figure (:data:`PRESET_COLORS`, a colour-blind-safe palette:
  the Okabe-Ito colours, then four of Paul Tol's "muted" colours). ``baseline`` is black;
- a row that changes a preset (``sales_led+leadership=sales_driven``, or a sweep's
  ``scenario=sales_led workforce.salespeople=20``) takes the preset's colour with a dashed or
  dotted line;
- any other configuration (a sweep's ``workforce.salespeople=20``) takes a colour and a line
  style from a hash of its label: the same label looks the same in every figure, whatever else
  is drawn beside it (two labels may share a colour; their line styles then usually differ);
- the reference row (the first, against which differences are taken) is drawn thicker and on
  top of the others;
- every value axis names its unit, and money names its currency (:data:`CURRENCY`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from salesculture.sim.world.metricdefs import SUMMARY

#: The name of the money unit on every axis. The model prices everything in one unnamed currency
#: (``docs/odd.md``, Units); pass another name (``currency=``) to label figures in, say, EUR.
CURRENCY = "currency units"
#: The preset drawn in black.
BASELINE = "baseline"
#: More rows than this: trajectories are drawn without their bands, so the lines stay legible.
MANY = 6

#: The colour of each preset, whatever else a figure shows.
PRESET_COLORS: dict[str, str] = {
    "baseline": "#000000",  # black
    "sales_led": "#0072B2",  # blue
    "everybody_sells": "#E69F00",  # orange
    "cross_functional": "#009E73",  # bluish green
    "purge_non_believers": "#D55E00",  # vermillion
    "values_based_pay": "#CC79A7",  # reddish purple
    "amazing_culture": "#56B4E9",  # sky blue
    "dual_approach": "#882255",  # wine
    "run_by_salespeople": "#999933",  # olive
    "sales_driven_overspend": "#332288",  # indigo
    "sales_driven_underspend": "#DDCC77",  # sand
}
#: Colours of presets and configurations not in :data:`PRESET_COLORS` (picked by a hash).
OTHER_COLORS: tuple[str, ...] = tuple(c for c in PRESET_COLORS.values() if c != "#000000")
#: Line styles of configurations that are not a preset as it stands.
VARIANT_STYLES: tuple[str, ...] = ("--", "-.", ":")


@dataclass(frozen=True)
class LineStyle:
    """How one row is drawn: matplotlib's colour, line style, line width and z-order."""

    color: str
    linestyle: str
    linewidth: float
    zorder: float

    def line(self) -> dict[str, object]:
        """Keyword arguments of ``Axes.plot``."""
        return {
            "color": self.color,
            "linestyle": self.linestyle,
            "linewidth": self.linewidth,
            "zorder": self.zorder,
        }


REFERENCE_WIDTH, WIDTH = 4.0, 2.4
REFERENCE_Z, Z = 10.0, 3.0


def _hash(text: str) -> int:
    """A hash of ``text`` that is the same in every process and on every machine."""
    return zlib.crc32(text.encode())


def preset_of(label: str) -> str | None:
    """The preset a row label starts from, or None for a configuration without one.

    ``sales_led`` and ``sales_led+leadership=sales_driven`` (rows of a comparison) give
    ``sales_led``; ``scenario=sales_led workforce.salespeople=20`` (a sweep) gives ``sales_led``;
    ``workforce.salespeople=20`` gives None.
    """
    tokens = label.split()
    if len(tokens) == 1 and "=" not in label.split("+")[0]:
        return label.split("+")[0]
    for token in tokens:
        if token.startswith("scenario="):
            return token.split("=", 1)[1]
    return None


def color_of(label: str, preset: str | None = None) -> str:
    """The colour of a row: its preset's (:data:`PRESET_COLORS`), else one picked by a hash.

    Args:
        label: The row's label.
        preset: Its preset, if known; else read from the label (:func:`preset_of`).
    """
    preset = preset or preset_of(label)
    if preset is not None:
        return PRESET_COLORS.get(preset) or OTHER_COLORS[_hash(preset) % len(OTHER_COLORS)]
    return OTHER_COLORS[_hash(label) % len(OTHER_COLORS)]


def style_of(
    label: str, preset: str | None = None, reference: bool = False, slot: int | None = None
) -> LineStyle:
    """How a row is drawn: its colour, line style, width and z-order.

    A preset as it stands is a solid line in its colour; the reference is thicker and on top.

    Args:
        label: The row's label.
        preset: Its preset, if known; else read from the label (:func:`preset_of`).
        reference: Whether the row is the reference (drawn thicker and on top).
        slot: The row's place among the configurations a sweep asked for that share its preset
            (or that have none): it picks the line style, and the colour of a configuration
            without a preset, instead of a hash. Rows of one sweep then never look alike.
    """
    preset = preset or preset_of(label)
    key = _hash(label) if slot is None else slot
    if preset is not None:
        color = color_of(label, preset)
        linestyle = "-" if label == preset else VARIANT_STYLES[key % len(VARIANT_STYLES)]
    else:
        color = OTHER_COLORS[key % len(OTHER_COLORS)]
        linestyle = ("-", *VARIANT_STYLES)[(key // len(OTHER_COLORS)) % 4]
    return LineStyle(
        color=color,
        linestyle=linestyle,
        linewidth=REFERENCE_WIDTH if reference else WIDTH,
        zorder=REFERENCE_Z if reference else Z,
    )


def line_styles(
    labels: Sequence[str],
    *,
    reference: str | None = None,
    presets: Mapping[str, str] | None = None,
    planned: Sequence[str] | None = None,
) -> dict[str, LineStyle]:
    """The style of each row of a figure (:func:`style_of`).

    Args:
        labels: The rows drawn.
        reference: The row drawn thicker and on top (default: the first).
        presets: Each row's preset, where its label does not tell (a comparison's record).
        planned: Every configuration a sweep asked for, in its order, whether it finished or
            not: a row's place in it fixes its style, so that rows of one sweep never look
            alike. Without it (or for a row not in it) a hash of the label does.
    """
    presets = presets or {}
    reference = reference if reference is not None else (labels[0] if labels else None)
    planned = list(planned or [])
    kinds = [presets.get(label) or preset_of(label) for label in planned]
    styles = {}
    for label in labels:
        preset = presets.get(label) or preset_of(label)
        slot = None
        if label in planned:
            same = [p for p, kind in zip(planned, kinds, strict=True) if kind == preset]
            slot = same.index(label)
        styles[label] = style_of(label, preset, reference=label == reference, slot=slot)
    return styles


@dataclass(frozen=True)
class Quantity:
    """What a plotted number is called and in which unit it is shown.

    Attributes:
        title: A short name for a panel's title.
        unit: The unit of the axis; ``{currency}`` stands for the currency's name.
        scale: Values are divided by this before drawing (1e6: millions; 0.01: per cent).
        smooth_weeks: A weekly series is shown as a moving mean over this many weeks.
    """

    title: str
    unit: str
    scale: float = 1.0
    smooth_weeks: int = 1

    @property
    def percent(self) -> bool:
        """Whether the values are shares drawn in per cent."""
        return self.scale == 0.01

    def unit_in(self, currency: str = CURRENCY) -> str:
        """The unit, with the currency named."""
        return self.unit.format(currency=currency)

    def difference_unit(self, currency: str = CURRENCY) -> str:
        """The unit of a difference of two values: percentage points for shares."""
        return "percentage points" if self.percent else self.unit_in(currency)


#: Weekly series a figure can draw (columns of the weekly time series).
SERIES: dict[str, Quantity] = {
    "revenue": Quantity("Revenue", "thousand {currency} per week", 1e3, smooth_weeks=4),
    "cost": Quantity("Cost", "thousand {currency} per week", 1e3, smooth_weeks=4),
    "profit": Quantity("Profit", "thousand {currency} per week", 1e3, smooth_weeks=4),
    "retention_52w": Quantity("Logo retention, past year", "% of customers a year ago", 0.01),
    "nrr_52w": Quantity("Net revenue retention, past year", "% of billing a year ago", 0.01),
    "believer_share": Quantity("Believers", "% of employees", 0.01),
    "customers": Quantity("Customers", "customers"),
}

#: Summary metrics (``summary.json``) a figure can draw, as :mod:`sim.world.metricdefs` declares.
METRICS: dict[str, Quantity] = {m.name: Quantity(m.title, m.axis, m.scale) for m in SUMMARY}
#: The metrics of a ranked dot plot or of a plot against a swept value, in this order.
HEADLINE = ("profit", "revenue", "retention", "nrr", "believer_share", "delivery_delay")

#: Sizes of text and lines that read from the back of a room.
RC: dict[str, object] = {
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.titleweight": "bold",
    "axes.labelsize": 15,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 15,
    "figure.titlesize": 19,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


@contextmanager
def style() -> Iterator[None]:
    """The fonts and axes of :data:`RC`, for drawing inside a ``with`` block."""
    import matplotlib.pyplot as plt

    with plt.rc_context(RC):
        yield


@dataclass(frozen=True)
class NumericAxis:
    """A swept parameter with numeric values (``workforce.salespeople=10,20,40``).

    Attributes:
        key: The parameter (``workforce.salespeople``).
        values: Each row's value of it.
        groups: Each row's other swept values (``""`` when only ``key`` is swept): one line each.
    """

    key: str
    values: dict[str, float]
    groups: dict[str, str]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value else None


def numeric_axis(labels: Sequence[str]) -> NumericAxis | None:
    """The first swept parameter whose values are numbers in every row, if any.

    Rows of a sweep are labelled by their swept values, ``key=value`` separated by spaces;
    rows labelled otherwise (presets, comparisons) have none.
    """
    parsed: list[dict[str, str]] = []
    for label in labels:
        pairs = [token.split("=", 1) for token in label.split()]
        if not pairs or any(len(pair) != 2 for pair in pairs):
            return None
        parsed.append(dict(pairs))
    keys = (
        [k for k in parsed[0] if k != "seed" and all(k in row for row in parsed)] if parsed else []
    )
    for key in keys:
        numbers = [_number(row[key]) for row in parsed]
        if all(n is not None for n in numbers) and len(set(numbers)) > 1:
            return NumericAxis(
                key=key,
                values={label: float(n) for label, n in zip(labels, numbers, strict=True)},
                groups={
                    label: " ".join(f"{k}={v}" for k, v in row.items() if k != key)
                    for label, row in zip(labels, parsed, strict=True)
                },
            )
    return None


@lru_cache(maxsize=1)
def _parameter_units() -> dict[str, str]:
    from salesculture.sim.config.params import iter_params
    from salesculture.sim.config.schema import SimConfig

    return {name: info.unit for name, _, info, _ in iter_params(SimConfig()) if info is not None}


def parameter_label(key: str, currency: str = CURRENCY) -> str:
    """An axis label for a parameter: its name and unit (``workforce.salespeople (people)``)."""
    unit = _parameter_units().get(key)
    if not unit or unit == "-":
        return key
    return f"{key} ({unit.replace('currency', currency)})"


def legend_names(labels: Sequence[str], reference: str) -> dict[str, str]:
    """The name of each row in a legend: the reference is marked as such."""
    return {label: f"{label} (reference)" if label == reference else label for label in labels}
