"""Whether a headline conclusion holds across sampled parameter points, and what drives it.

A conclusion is a paired contrast of cases (``sales_led - baseline``, an interaction ``both -
top-down - grassroots + neither``) in one metric. At every parameter point it is computed per
seed (common random numbers: every case runs on the same seeds) and averaged over the seeds.
Its sign at the configured point (``robustness.point=-1``) is the conclusion; the sampled
points are asked whether they agree:

- the share of sampled points with the same sign, with its Wilson 95 % interval (Wilson 1927);
- the 5th-95th percentile of the difference across the points;
- the parameters that drive it: Spearman's rank correlation of the per-point difference with
  each parameter's value (the top 3 by absolute rho), and, where some points flip, Monte Carlo
  filtering (Saltelli et al. 2004, *Sensitivity Analysis in Practice*, ch. 5): the
  Kolmogorov-Smirnov distance between a parameter's values at the holding points and at the
  flipping points (the top 3);
- a verdict: ``holds`` (at least :data:`HOLDS` of the points agree), ``holds mostly`` (at least
  :data:`MOSTLY`), else ``flips``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Verdict thresholds: the share of sampled points whose sign agrees with the configured point.
HOLDS = 0.9
MOSTLY = 2 / 3
#: The column of the case and of the point in the runs' table; parameter columns' prefix.
CASE, POINT = "robustness_case", "robustness.point"
VALUES = "robustness.values."  # as sim.study.reproduce.VALUES_PREFIX
#: The configured point (no sample point: every parameter at its configured value).
CONFIGURED = -1
#: How many drivers a conclusion reports.
TOP = 3


@dataclass(frozen=True)
class Conclusion:
    """A headline conclusion: a signed sum of cases in one metric."""

    name: str
    metric: str
    terms: Mapping[str, int]  #: case -> coefficient (+1, -1)
    what: str  #: one line: the comparison and where it comes from


def per_seed(results: pd.DataFrame, conclusion: Conclusion) -> pd.DataFrame:
    """The conclusion's difference per point (rows) and seed (columns)."""
    total = None
    for case, coefficient in conclusion.terms.items():
        mine = results[results[CASE] == case]
        table = mine.pivot_table(index=POINT, columns="seed", values=conclusion.metric)
        total = coefficient * table if total is None else total + coefficient * table
    assert total is not None
    return total.astype(float)


def per_point(results: pd.DataFrame, conclusion: Conclusion) -> pd.Series:
    """The conclusion's difference per point: its mean over the seeds."""
    return per_seed(results, conclusion).mean(axis=1)


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson's 95 % score interval of a share (Wilson 1927); (nan, nan) without trials."""
    if trials == 0:
        return math.nan, math.nan
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    half /= 1 + z * z / trials
    return max(0.0, centre - half), min(1.0, centre + half)


def verdict(share: float) -> str:
    """``holds``, ``holds mostly`` or ``flips`` for the share of points that agree."""
    if share >= HOLDS:
        return "holds"
    if share >= MOSTLY:
        return "holds mostly"
    return "flips"


def parameters(results: pd.DataFrame) -> pd.DataFrame:
    """The parameter values of each sampled point (rows: point; columns: dotted names)."""
    columns = [c for c in results.columns if c.startswith(VALUES)]
    sampled = results[results[POINT] != CONFIGURED]
    table = sampled.groupby(POINT)[columns].first()
    return table.rename(columns=lambda c: c.removeprefix(VALUES)).astype(float)


def spearman(diff: pd.Series, values: pd.DataFrame) -> pd.Series:
    """Spearman's rho of ``diff`` with each parameter across points, by descending |rho|."""
    from scipy.stats import spearmanr

    rhos = {}
    for name in values.columns:
        column = values.loc[diff.index, name]
        if column.nunique() < 2 or diff.nunique() < 2:
            continue
        rhos[name] = float(spearmanr(diff.to_numpy(), column.to_numpy()).statistic)
    return _ranked(pd.Series(rhos, dtype=float))


def ks_filter(agrees: pd.Series, values: pd.DataFrame) -> pd.Series:
    """Monte Carlo filtering: the KS distance of each parameter, holding vs flipping points.

    Empty unless both groups have points. Sorted by descending distance.
    """
    from scipy.stats import ks_2samp

    held, flipped = agrees.index[agrees], agrees.index[~agrees]
    if len(held) == 0 or len(flipped) == 0:
        return pd.Series(dtype=float)
    distances = {
        name: float(ks_2samp(values.loc[held, name], values.loc[flipped, name]).statistic)
        for name in values.columns
    }
    return _ranked(pd.Series(distances, dtype=float))


def _ranked(found: pd.Series) -> pd.Series:
    """``found`` by descending absolute value; ties in the parameters' order."""
    order = sorted(range(len(found)), key=lambda i: -abs(found.iloc[i]))
    return found.iloc[order]


@dataclass
class Robustness:
    """What the sampled points say about one conclusion."""

    conclusion: Conclusion
    configured: np.ndarray  #: the difference at the configured point, per seed
    points: pd.Series  #: the difference at each sampled point (mean over seeds)
    agrees: pd.Series  #: per sampled point: same sign as the configured point
    rho: pd.Series  #: Spearman's rho by parameter, by descending |rho|
    ks: pd.Series  #: KS distance by parameter (empty when no point flips or none holds)

    @property
    def sign(self) -> int:
        """The conclusion's sign at the configured point (its mean over seeds)."""
        return int(np.sign(np.mean(self.configured)))

    @property
    def share(self) -> float:
        """The share of sampled points whose sign agrees."""
        return float(self.agrees.mean()) if len(self.agrees) else math.nan

    @property
    def share_interval(self) -> tuple[float, float]:
        """Wilson's 95 % interval of :attr:`share`."""
        return wilson(int(self.agrees.sum()), len(self.agrees))

    @property
    def percentiles(self) -> tuple[float, float]:
        """The 5th and 95th percentile of the difference across sampled points."""
        low, high = np.percentile(self.points.to_numpy(), [5, 95])
        return float(low), float(high)

    @property
    def verdict(self) -> str:
        """``holds``, ``holds mostly`` or ``flips`` (:func:`verdict`)."""
        return verdict(self.share)


def assess(results: pd.DataFrame, conclusion: Conclusion) -> Robustness:
    """The conclusion at the configured point and across the sampled points."""
    seeds = per_seed(results, conclusion)
    configured = seeds.loc[CONFIGURED].dropna().to_numpy()
    points = seeds.drop(index=CONFIGURED).mean(axis=1).dropna()
    sign = np.sign(np.mean(configured))
    agrees = np.sign(points) == sign
    values = parameters(results)
    return Robustness(
        conclusion, configured, points, agrees, spearman(points, values), ks_filter(agrees, values)
    )
