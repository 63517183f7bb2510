"""Named random streams: common random numbers across regimes.

Every stochastic decision draws from its own named stream. A stream's numbers for week ``t`` come
from a generator seeded by ``(seed, name, t)`` alone, and each draw is one full vector with a
number per customer slot or employee slot, used or not. So a number belongs to an entity and a
week, never to the order of a loop: two regimes run on the same seed meet the same customers with
the same luck, and a regime that hires more service staff shifts nobody's lead arrivals.
(The idea follows Starsim's per-decision distributions; here it is explicit.)
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from salesculture.sim.world.seeding import StreamSeeder


@dataclass(frozen=True)
class Stream:
    """A decision that draws random numbers, and the shape of what it draws.

    Attributes:
        name: The stream's name (its key is a checksum of the name).
        per: ``"customer"`` (one number per customer slot), ``"employee"`` (one per employee
            slot) or ``"setup"`` (drawn once, before the first week).
        rows: Numbers per slot in a week (a row per slot-number).
        normal: Whether the numbers are standard normal rather than uniform on (0, 1).
    """

    name: str
    per: str
    rows: int = 1
    normal: bool = False

    def shape(self, customers: int, employees: int) -> int | tuple[int, int]:
        """Shape of one week's draw for a run with these numbers of slots."""
        size = customers if self.per == "customer" else employees
        return size if self.rows == 1 else (self.rows, size)


#: The decisions that draw random numbers; one stream each. Adding a stream never changes the
#: numbers of another, because a stream's key is a checksum of its own name.
STREAMS = (
    Stream("setup.customers", "setup"),
    Stream("setup.employees", "setup"),
    Stream("setup.network", "setup"),
    Stream("presale.marketing", "customer"),
    Stream("presale.outbound", "customer"),
    Stream("presale.word_of_mouth", "customer"),
    Stream("presale.staff_referral", "customer"),
    Stream("presale.assignment", "customer"),
    Stream("sale.review", "customer"),
    Stream("sale.qualification", "customer"),
    Stream("sale.close", "customer"),
    Stream("order.scope", "customer"),
    Stream("order.conflict", "customer"),
    Stream("order.team", "customer"),
    Stream("order.cancel", "customer"),
    Stream("service.issue", "customer"),
    Stream("service.resolution", "customer"),
    Stream("service.recovery", "customer"),
    Stream("resale.renewal", "customer"),
    Stream("resale.upsell_found", "customer"),
    Stream("resale.staff_upsell_found", "customer"),
    Stream("resale.upsell_close", "customer"),
    Stream("culture.noise", "employee", normal=True),
    Stream("people.quit", "employee"),
    Stream("people.hire", "employee", rows=4, normal=True),
    Stream("people.review", "employee", normal=True),
    Stream("people.layoff", "employee"),
)
STREAM_NAMES = tuple(stream.name for stream in STREAMS)
#: The streams that draw every week (all but the set-up streams).
WEEKLY_STREAMS = tuple(stream for stream in STREAMS if stream.per != "setup")


class RandomStreams:
    """Per-decision random numbers for one run.

    Args:
        seed: The run's integer seed.

    Example:
        >>> streams = RandomStreams(seed=1)
        >>> u = streams.uniform("sale.close", week=3, size=10)
    """

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._keys = {name: zlib.crc32(name.encode()) for name in STREAM_NAMES}
        self._seeders: dict[str, StreamSeeder] = {}
        #: One bit generator, put in each (stream, week)'s state before that stream's draw.
        self._bit_generator = np.random.PCG64(0)
        self._generator = np.random.Generator(self._bit_generator)
        #: Seconds spent drawing, per stream (what ``salesculture run --profile`` reports).
        self.seconds: Counter[str] = Counter()
        #: Weekly vectors drawn, per stream.
        self.draws: Counter[str] = Counter()
        #: Seconds spent drawing, all streams together.
        self.total_seconds = 0.0

    def _state(self, name: str, week: int) -> dict:
        """The generator state of stream ``name`` in ``week`` (:mod:`sim.world.seeding`)."""
        seeder = self._seeders.get(name)
        if seeder is None:
            try:
                key = self._keys[name]
            except KeyError:
                raise KeyError(
                    f"unknown random stream {name!r}; known: {', '.join(STREAM_NAMES)}"
                ) from None
            seeder = self._seeders[name] = StreamSeeder(self.seed, key)
        return seeder.state(int(week))

    def generator(self, name: str, week: int) -> np.random.Generator:
        """A fresh generator for stream ``name`` in ``week`` (independent of all other draws).

        It is ``default_rng(SeedSequence(seed, spawn_key=(key, week)))``, the key being a
        checksum of the stream's name.
        """
        bit_generator = np.random.PCG64(0)
        bit_generator.state = self._state(name, week)
        return np.random.Generator(bit_generator)

    def _seeded(self, name: str, week: int) -> np.random.Generator:
        """The shared generator, in the state of stream ``name`` in ``week``."""
        self._bit_generator.state = self._state(name, week)
        return self._generator

    def uniform(
        self, name: str, week: int, size: int, out: np.ndarray | None = None
    ) -> np.ndarray:
        """One U(0, 1) number per slot for stream ``name`` in ``week``.

        ``out``, if given, is a float64 array of ``size`` numbers to fill (and return) instead
        of a new one: the same numbers, without allocating a vector every week.
        """
        start = time.perf_counter()
        generator = self._seeded(name, week)
        numbers = generator.random(size) if out is None else generator.random(out=out)
        self._count(name, start)
        return numbers

    def normal(
        self,
        name: str,
        week: int,
        size: int | tuple[int, ...],
        out: np.ndarray | None = None,
    ) -> np.ndarray:
        """Standard normal numbers, one per slot (or a row per slot) for ``name`` in ``week``.

        ``out``, if given, is a float64 array of shape ``size`` to fill and return.
        """
        start = time.perf_counter()
        generator = self._seeded(name, week)
        if out is None:
            numbers = generator.standard_normal(size)
        else:
            numbers = generator.standard_normal(out=out)
        self._count(name, start)
        return numbers

    def _count(self, name: str, start: float) -> None:
        elapsed = time.perf_counter() - start
        self.seconds[name] += elapsed
        self.total_seconds += elapsed
        self.draws[name] += 1
