"""Where figures are drawn: into files, or, in a notebook, where the notebook shows them.

The commands write PNG files and show nothing: they draw with Agg, which needs no display. In a
Jupyter kernel (``salesculture.plot`` in a notebook) the kernel's own backend is kept, so the
figures the API returns, and those drawn after them, appear under the cell.
"""

from __future__ import annotations

import sys

import matplotlib


def draw_to_files() -> None:
    """Draw with Agg (files, no display) unless a Jupyter kernel has a backend of its own."""
    if "ipykernel" not in sys.modules:
        matplotlib.use("Agg")
