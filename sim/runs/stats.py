"""Interval estimates used by comparisons: means and paired differences with t intervals."""

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
