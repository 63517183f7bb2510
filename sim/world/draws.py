"""The week's random numbers, stream by stream: what the stages draw from.

A stage asks the model for stream ``name``'s numbers of the current week
(:meth:`WeeklyDraws.draw_uniform`, :meth:`WeeklyDraws.draw_normal`); the first ask draws them
from :class:`sim.world.streams.RandomStreams` (seeded by seed, stream name and week alone) and
later asks in the same week get the same numbers. Each stream keeps one vector that every week
refills, read-only in between, so no stage can change another's numbers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from salesculture.sim.world.quantiles import beta_ppf
from salesculture.sim.world.streams import RandomStreams


class WeeklyDraws:
    """The random numbers of the current week, drawn once per stream (a mixin of the model).

    Attributes:
        streams: The run's named random streams.
        week: Weeks completed (the week being run is numbered ``week``, from 0).
    """

    streams: RandomStreams
    week: int

    def start_draws(self, streams: RandomStreams) -> None:
        """Draw from ``streams`` from now on, with nothing drawn yet (the model's set-up)."""
        self.streams = streams
        #: The numbers drawn so far, by (stream name, week).
        self._draws: dict[tuple[str, int], np.ndarray] = {}
        #: One vector per stream, refilled every week (a week's draws are read-only).
        self._draw_buffers: dict[str, np.ndarray] = {}

    def forget_draws(self) -> None:
        """Forget the numbers drawn so far (at the start of each week's step)."""
        self._draws.clear()

    def draw_uniform(self, name: str, size: int) -> np.ndarray:
        """U(0,1) vector of stream ``name`` for the current week (the same on every call).

        Read-only, and valid for the current week only: next week's draw of the stream refills
        the same vector.
        """
        key = (name, self.week)
        drawn = self._draws.get(key)
        if drawn is None:
            drawn = self._draws[key] = self._draw(self.streams.uniform, name, size)
        return drawn

    def draw_normal(self, name: str, size: int | tuple[int, ...]) -> np.ndarray:
        """Standard normal numbers of stream ``name`` for the current week (as draw_uniform)."""
        key = (name, self.week)
        drawn = self._draws.get(key)
        if drawn is None:
            drawn = self._draws[key] = self._draw(self.streams.normal, name, size)
        return drawn

    def _draw(
        self, method: Callable[..., np.ndarray], name: str, size: int | tuple[int, ...]
    ) -> np.ndarray:
        """Draw the current week's numbers of stream ``name`` into the stream's reused vector."""
        shape = tuple(size) if isinstance(size, tuple) else (int(size),)
        buffer = self._draw_buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._draw_buffers[name] = np.empty(shape)
        buffer.flags.writeable = True
        method(name, self.week, size, out=buffer)
        buffer.flags.writeable = False
        return buffer


def beta_quantile(u: np.ndarray, mean: float, concentration: float) -> np.ndarray:
    """Beta(mean, concentration) numbers from uniforms, so each slot keeps its own draw.

    Args:
        u: Uniform numbers on (0, 1), one per slot.
        mean: The distribution's mean, 0..1 (kept within [0.001, 0.999]).
        concentration: Its concentration, alpha + beta (higher: tighter around the mean).
    """
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return beta_ppf(u, mean * concentration, (1 - mean) * concentration)
