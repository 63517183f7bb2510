"""Interval estimates used by comparisons: means, paired differences, ranges and their spread."""

from __future__ import annotations

import math

import numpy as np


def mean_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided Student-t interval of ``values`` (NaN bounds with fewer than 2 values)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    mean = float(values.mean())
    if len(values) < 2:
        return mean, math.nan, math.nan
    # Student's t quantile: scipy.stats.t.ppf(q, df) is scipy.special.stdtrit(df, q) (the same
    # number), without importing scipy.stats, which costs a command about a second to load.
    from scipy.special import stdtrit

    half = float(
        stdtrit(len(values) - 1, 0.5 + level / 2) * values.std(ddof=1) / math.sqrt(len(values))
    )
    return mean, mean - half, mean + half


def excludes_zero(low: float, high: float) -> bool:
    """Whether an interval lies wholly on one side of zero."""
    return bool(np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0))


def quantile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and the central ``level`` range of ``values`` (2.5-97.5 % quantiles at 95 %).

    Not an interval of the mean: the range a single value falls in, e.g. what one company could
    see (``compare --company``). NaN bounds with no value; undefined values are left out.
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return float(values.mean()), float(low), float(high)


def variance_split(values: np.ndarray, groups: np.ndarray) -> tuple[float, float] | None:
    """The shares of the variance of ``values`` that come from ``groups`` and from within them.

    A group is one posterior draw, its values the runs on different seeds. The variance of the
    group means still holds ``1/n`` of the luck within a group (a mean over ``n`` seeds is not
    free of luck), so the share of the groups is estimated as in a one-way random-effects
    analysis of variance: between = (mean square between - mean square within) / n, at least
    0; within = the mean square within. When a group has a single value, luck cannot be told
    from the groups: then the plain split (the variance of the group means against the mean
    variance inside them), which overstates the groups' share. Undefined values are left out;
    None when nothing varies.

    Returns:
        ``(between, within)``, shares that add up to 1; or None.
    """
    values = np.asarray(values, dtype=float)
    kept = np.isfinite(values)
    values = values[kept]
    if len(values) == 0:
        return None
    _, group = np.unique(np.asarray(groups)[kept], return_inverse=True)
    sizes = np.bincount(group)
    means = np.bincount(group, weights=values) / sizes
    deviations = values - means[group]
    count, size = len(sizes), float(np.mean(sizes))
    if sizes.min() >= 2 and count >= 2:
        within = float(np.sum(deviations**2) / (len(values) - count))
        spread = float(np.sum(sizes * (means - values.mean()) ** 2) / (count - 1))
        between = max(0.0, (spread - within) / size)
    else:
        between = float(np.mean((means[group] - values.mean()) ** 2))
        within = float(np.mean(deviations**2))
    total = between + within
    if not total > 0:
        return None
    return between / total, within / total


def split_words(split: tuple[float, float] | None) -> str:
    """``68 % parameters, 32 % luck`` (whole per cents adding up to 100); ``no spread``."""
    if split is None:
        return "no spread"
    parameters = round(split[0] * 100)
    return f"{parameters} % parameters, {100 - parameters} % luck"


#: What a comparison says of a difference whose interval includes 0 (``compare --company``).
CANNOT_TELL = "cannot tell apart with what is known"
