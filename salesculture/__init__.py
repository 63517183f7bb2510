"""salesculture from Python: compose, run, compare and explain regimes; read results back."""

import os as _os

# In a checkout the engine's folders (sim/, agents/, scenarios/) sit beside this package, and an
# install maps them under it (pyproject.toml's package-dir). Found here too, a checkout first on
# the path runs its own engine, never an installed copy's.
_CHECKOUT = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))
if _os.path.isfile(_os.path.join(_CHECKOUT, "pyproject.toml")) and _os.path.isfile(
    _os.path.join(_CHECKOUT, "sim", "__init__.py")
):
    __path__.append(_CHECKOUT)
