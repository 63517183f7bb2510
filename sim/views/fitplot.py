"""The figure of a company's fit.

Each observation against the fitted model, each parameter's posterior against its prior.
"""

from __future__ import annotations

from salesculture.sim.views.backend import draw_to_files

draw_to_files()
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def plot_fit(check: pd.DataFrame, parameters: pd.DataFrame, title: str, path) -> None:
    """Write the fit's figure to ``path`` (PNG).

    Left: each observed figure, in standard deviations of its observation (0 is the value
    observed, the grey bar its 90 % interval), against the 5-95 % band of the fitted model
    (blue; red where the two do not meet). Right: each parameter's posterior median and 90 %
    interval as a share of its prior range (the whole axis).

    Args:
        check: The predictive check (``figure, year, observed, sd, low, median, high,
            reproduced``).
        parameters: The parameter table (``parameter, prior_low, prior_high, median, low,
            high``).
        title: The figure's title (the company).
        path: Where to write it.
    """
    rows = len(check)
    height = max(3.5, 0.32 * max(rows, 2 * len(parameters)) + 1.5)
    figure, (left, right) = plt.subplots(1, 2, figsize=(13, height), width_ratios=(3, 2))
    labels = [f"{r.figure} y{r.year}" for r in check.itertuples()]
    y = np.arange(rows)[::-1]
    sd = check["sd"].to_numpy(dtype=float)
    observed = check["observed"].to_numpy(dtype=float)
    low = (check["low"].to_numpy(dtype=float) - observed) / sd
    high = (check["high"].to_numpy(dtype=float) - observed) / sd
    median = (check["median"].to_numpy(dtype=float) - observed) / sd
    colors = ["tab:blue" if ok else "tab:red" for ok in check["reproduced"]]
    left.barh(y, 2 * 1.645, left=-1.645, height=0.6, color="0.85", label="observed, 90 %")
    left.hlines(y, low, high, colors=colors, linewidth=4, label="fitted model, 5-95 %")
    left.plot(median, y, "|", color="black", markersize=12, label="fitted model, median")
    left.axvline(0, color="0.3", linewidth=0.8)
    left.set_yticks(y, labels)
    left.set_xlabel("standard deviations of the observation (0 = observed)")
    left.set_title("Each observed figure against the fitted model")
    left.legend(loc="lower right", fontsize=8)
    span = (parameters["prior_high"] - parameters["prior_low"]).to_numpy(dtype=float)
    base = parameters["prior_low"].to_numpy(dtype=float)
    py = np.arange(len(parameters))[::-1]
    right.hlines(py, 0, 1, colors="0.85", linewidth=10, label="prior range")
    right.hlines(
        py,
        (parameters["low"].to_numpy(dtype=float) - base) / span,
        (parameters["high"].to_numpy(dtype=float) - base) / span,
        colors="tab:green",
        linewidth=5,
        label="posterior, 90 %",
    )
    right.plot(
        (parameters["median"].to_numpy(dtype=float) - base) / span,
        py,
        "|",
        color="k",
        markersize=14,
        label="posterior median",
    )
    right.set_yticks(py, parameters["parameter"])
    right.set_xlim(-0.02, 1.02)
    right.set_xlabel("share of the prior range")
    right.set_title("Each parameter: posterior within its prior")
    right.legend(loc="lower right", fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, format="png", dpi=110)
    plt.close(figure)
