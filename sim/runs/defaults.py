"""Defaults the command line states in its help: where runs are cached, the screening spread.

Here, not in the modules that use them, so that building the command line's parser loads
neither the model, nor Hydra, nor NumPy.
"""

from __future__ import annotations

from pathlib import Path

#: Where ``compare`` keeps finished runs unless told otherwise (relative to the working dir).
DEFAULT_CACHE_DIR = Path("outputs") / "cache" / "runs"
#: Where a reproduction writes (``NAME`` or ``NAME_quick`` below it) and keeps finished runs.
DEFAULT_OUT = Path("outputs") / "experiments"
DEFAULT_CACHE = Path("outputs") / "cache" / "experiments"
#: Posterior draws of a company's fit that ``compare --company`` and ``explain --company`` run.
DEFAULT_DRAWS = 20
#: Default half-width of a screening range, as a share of the parameter's configured value.
DEFAULT_SPREAD = 0.5
