"""The generator state of a (seed, stream, week), without building a SeedSequence each time.

A stream's numbers for week ``t`` come from ``PCG64(SeedSequence(seed, spawn_key=(key, t)))``
(:mod:`sim.world.streams`). Building those two objects costs about 40 microseconds, several times
what drawing a few thousand numbers costs, and a run needs one per stream per week. Here the
same state is computed directly: NumPy's SeedSequence hash (O'Neill's ``seed_seq_fe``, as NumPy
implements it in ``numpy/random/bit_generator.pyx``) with the part that depends on the seed and
the stream done once per stream, and PCG64's seeding step (``pcg_setseq_128_srandom_r``).
``tests/test_seeding.py`` checks the result against NumPy's own objects, so the numbers of every
stream are the same as NumPy would give.
"""

from __future__ import annotations

import numpy as np

MASK32 = 0xFFFFFFFF
MASK128 = (1 << 128) - 1
INIT_A = 0x43B0D7E5
MULT_A = 0x931E8875
INIT_B = 0x8B51F9DD
MULT_B = 0x58F38DED
MIX_MULT_L = 0xCA01F9DD
MIX_MULT_R = 0x4973F715
XSHIFT = 16
POOL_SIZE = 4
#: Weeks whose seed words are computed together (a five-year run needs two blocks).
BLOCK_WEEKS = 256
#: PCG64's 128-bit multiplier (PCG_DEFAULT_MULTIPLIER_128).
PCG_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645


def _hashmix(value: int, hash_const: int) -> tuple[int, int]:
    value ^= hash_const
    hash_const = (hash_const * MULT_A) & MASK32
    value = (value * hash_const) & MASK32
    return value ^ (value >> XSHIFT), hash_const


def _mix(x: int, y: int) -> int:
    result = (MIX_MULT_L * x - MIX_MULT_R * y) & MASK32
    return result ^ (result >> XSHIFT)


def _words(value: int) -> list[int]:
    """A non-negative integer as little-endian 32-bit words (0 is one word), as NumPy does."""
    if value < 0:
        raise ValueError(f"seeds and keys must be non-negative, got {value}")
    words = [value & MASK32]
    value >>= 32
    while value:
        words.append(value & MASK32)
        value >>= 32
    return words


class StreamSeeder:
    """Generator states of one stream, week by week.

    Args:
        seed: The run's seed.
        key: The stream's key (a checksum of its name).
    """

    def __init__(self, seed: int, key: int) -> None:
        entropy = _words(seed)
        entropy += [0] * (POOL_SIZE - len(entropy))  # SeedSequence pads before a spawn key
        entropy += _words(key)
        pool: list[int] = []
        hash_const = INIT_A
        for word in entropy[:POOL_SIZE]:
            mixed, hash_const = _hashmix(word, hash_const)
            pool.append(mixed)
        for source in range(POOL_SIZE):
            for target in range(POOL_SIZE):
                if source != target:
                    mixed, hash_const = _hashmix(pool[source], hash_const)
                    pool[target] = _mix(pool[target], mixed)
        for word in entropy[POOL_SIZE:]:
            for target in range(POOL_SIZE):
                mixed, hash_const = _hashmix(word, hash_const)
                pool[target] = _mix(pool[target], mixed)
        self._pool = pool
        self._hash_const = hash_const
        #: PCG64's four seed words of every week of a block, computed together (block index ->
        #: four lists of words); a week's state is made from them when it is asked for.
        self._blocks: dict[int, list[list[int]]] = {}

    def state(self, week: int) -> dict:
        """PCG64's state for ``week``: what ``PCG64(SeedSequence(seed, (key, week))).state`` is.

        Weeks below 2**32 are computed a block of :data:`BLOCK_WEEKS` at a time with NumPy;
        later weeks (never reached by a run the config allows) one by one.
        """
        if not 0 <= week <= MASK32:
            return self._state_of(week)
        block, offset = divmod(week, BLOCK_WEEKS)
        words = self._blocks.get(block)
        if words is None:
            words = self._blocks[block] = self._block(block * BLOCK_WEEKS)
        return _pcg64_state(words[0][offset], words[1][offset], words[2][offset], words[3][offset])

    def _block(self, first: int) -> list[list[int]]:
        """PCG64's seed words of weeks ``first`` .. ``first + BLOCK_WEEKS - 1`` (below 2**32).

        Four lists (the seed's high and low word, the sequence's high and low word), one entry
        per week.
        """
        count = min(BLOCK_WEEKS, MASK32 + 1 - first)
        with np.errstate(over="ignore"):
            word = np.arange(first, first + count, dtype=np.uint64).astype(np.uint32)
            pool = [np.full(count, value, dtype=np.uint32) for value in self._pool]
            hash_const = self._hash_const
            for target in range(POOL_SIZE):
                mixed = word ^ np.uint32(hash_const)
                hash_const = (hash_const * MULT_A) & MASK32
                mixed *= np.uint32(hash_const)
                mixed ^= mixed >> np.uint32(XSHIFT)
                result = np.uint32(MIX_MULT_L) * pool[target] - np.uint32(MIX_MULT_R) * mixed
                pool[target] = result ^ (result >> np.uint32(XSHIFT))
            words = []
            hash_const = INIT_B
            for index in range(8):
                value = pool[index % POOL_SIZE] ^ np.uint32(hash_const)
                hash_const = (hash_const * MULT_B) & MASK32
                value *= np.uint32(hash_const)
                words.append((value ^ (value >> np.uint32(XSHIFT))).astype(np.uint64))
        return [(words[2 * k] | (words[2 * k + 1] << np.uint64(32))).tolist() for k in range(4)]

    def _state_of(self, week: int) -> dict:
        """The state of one week, in plain integers (any week)."""
        pool = list(self._pool)
        hash_const = self._hash_const
        for word in _words(int(week)):
            for target in range(POOL_SIZE):
                mixed, hash_const = _hashmix(word, hash_const)
                pool[target] = _mix(pool[target], mixed)
        words = []
        hash_const = INIT_B
        for index in range(8):
            value = pool[index % POOL_SIZE] ^ hash_const
            hash_const = (hash_const * MULT_B) & MASK32
            value = (value * hash_const) & MASK32
            words.append(value ^ (value >> XSHIFT))
        return _pcg64_state(*(words[2 * k] | (words[2 * k + 1] << 32) for k in range(4)))


def _pcg64_state(seed_high: int, seed_low: int, sequence_high: int, sequence_low: int) -> dict:
    """PCG64's state after seeding with four 64-bit words (``pcg_setseq_128_srandom_r``)."""
    initial = (seed_high << 64) | seed_low
    sequence = (sequence_high << 64) | sequence_low
    increment = ((sequence << 1) | 1) & MASK128
    state = (increment + initial) & MASK128
    state = (state * PCG_MULTIPLIER + increment) & MASK128
    return {
        "bit_generator": "PCG64",
        "state": {"state": state, "inc": increment},
        "has_uint32": 0,
        "uinteger": 0,
    }

