"""salesculture from Python: compose, run, compare and explain regimes; read results back.

::

    import salesculture as sc

    comparison = sc.compare(["baseline", "sales_led"], seeds=5, years=2)
    comparison.table()                      # the paired table, as pandas
    sc.plot(comparison)                     # the figure of `salesculture compare --plot`
    sc.explain(comparison).summary()        # where the difference comes from

    model = sc.SalesCultureModel(rng=3, scenario="sales_led", sales__base_win_rate=0.25)
    model.run_model()
    model.datacollector.get_model_vars_dataframe()

The functions are :mod:`salesculture.api`'s; :class:`SalesCultureModel` is the engine's Mesa
model (``salesculture.sim.world.model``), whose keyword parameters name a key with ``__`` for
each dot. Importing this package loads nothing else: each name is imported on first use.
"""

import importlib as _importlib
import os as _os

# In a checkout the engine's folders (sim/, agents/, scenarios/) sit beside this package, and an
# install maps them under it (pyproject.toml's package-dir). Found here too, a checkout first on
# the path runs its own engine, never an installed copy's.
_CHECKOUT = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_CHECKOUT, "pyproject.toml")) and _os.path.isfile(
    _os.path.join(_CHECKOUT, "sim", "__init__.py")
):
    __path__.append(_CHECKOUT)

#: Each public name and the module it comes from.
_PUBLIC = {
    **dict.fromkeys(
        (
            "Run",
            "compare",
            "compose",
            "explain",
            "plot",
            "presets",
            "read_run",
            "read_sweep",
            "reproduce",
            "run",
        ),
        "salesculture.api",
    ),
    "SalesCultureModel": "salesculture.sim.world.model",
    "ConfigError": "salesculture.sim.config.errors",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    """Import a public name on first use (PEP 562), so that ``import salesculture`` is quick."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'salesculture' has no attribute {name!r}")
    value = getattr(_importlib.import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
