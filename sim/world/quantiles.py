"""The quantile functions the model draws from, without importing ``scipy.stats``.

The model turns uniform numbers into hand-off conflicts (binomial) and into the skill and belief
of the first employees (beta) by inverting their distributions. ``scipy.stats`` takes about a
second to import, and every process that runs the model pays it: each worker of a sweep or of a
comparison, and ``salesculture run``. Its ``binom.ppf`` and ``beta.ppf`` check their arguments
and call SciPy's ufuncs ``_binom_ppf`` and ``_beta_ppf`` (``scipy.special``, which the model
loads anyway through Mesa); :func:`binom_ppf` and :func:`beta_ppf` make the same checks and the
same calls, so they give the same numbers (``tests/test_quantiles.py`` compares them with
``scipy.stats``). With a SciPy that does not have these ufuncs, ``scipy.stats`` is used.
"""

from __future__ import annotations

import numpy as np

try:
    from scipy.special._ufuncs import _beta_ppf, _binom_ppf
except ImportError:  # pragma: no cover (another SciPy: scipy.stats itself below)
    _beta_ppf = _binom_ppf = None


def binom_ppf(q, n, p) -> np.ndarray:
    """``scipy.stats.binom.ppf(q, n, p)``: the least k with P(X <= k) >= q for X ~ Bin(n, p).

    As scipy.stats: -1 where q is 0, n where q is 1, NaN where q is outside [0, 1] or n is not
    a whole number >= 0 or p is outside [0, 1].
    """
    if _binom_ppf is None:  # pragma: no cover
        from scipy.stats import binom

        return binom.ppf(q, n, p)
    q, n, p = np.asarray(q), np.asarray(n), np.asarray(p)
    if q.ndim and not n.ndim and not p.ndim:  # the model's case: one process for all orders
        whole, share = float(n), float(p)
        if whole >= 0 and whole.is_integer() and 0 <= share <= 1 and ((q > 0) & (q < 1)).all():
            return _binom_ppf(q, n, p)
    elif q.ndim and q.shape == n.shape == p.shape:  # one (q, n, p) per order
        usual = (q > 0) & (q < 1) & (n >= 0) & (n == np.round(n)) & (p >= 0) & (p <= 1)
        if usual.all():  # no edge to fill in
            return _binom_ppf(q, n, p)
    q, n, p = np.broadcast_arrays(q, n, p)
    valid = (n >= 0) & (n == np.round(n)) & (p >= 0) & (p <= 1)
    out = np.full(q.shape, np.nan)
    out[valid & (q == 0)] = -1.0
    top = valid & (q == 1)
    out[top] = n[top]
    inside = valid & (q > 0) & (q < 1)
    out[inside] = _binom_ppf(q[inside], n[inside], p[inside])
    return out[()] if out.ndim == 0 else out


def beta_ppf(q, a, b) -> np.ndarray:
    """``scipy.stats.beta.ppf(q, a, b)``: the inverse of the Beta(a, b) distribution function.

    As scipy.stats: 0 where q is 0, 1 where q is 1, NaN where q is outside [0, 1] or a shape is
    not positive.
    """
    if _beta_ppf is None:  # pragma: no cover
        from scipy.stats import beta

        return beta.ppf(q, a, b)
    q, a, b = np.broadcast_arrays(np.asarray(q), np.asarray(a), np.asarray(b))
    valid = (a > 0) & (b > 0)
    out = np.full(q.shape, np.nan)
    out[valid & (q == 0)] = 0.0
    out[valid & (q == 1)] = 1.0
    inside = valid & (q > 0) & (q < 1)
    out[inside] = _beta_ppf(q[inside], a[inside], b[inside])
    return out[()] if out.ndim == 0 else out
