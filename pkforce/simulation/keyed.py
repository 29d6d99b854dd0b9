"""Random numbers keyed by entity: common random numbers for comparing scenarios.

By default a batch draws one block of uniforms from its ``SeedSequence`` child, column after
column: the draw a unit gets depends on its *position* among the random inputs. Remove one unit
and every later unit gets another unit's draw, so two variants of a scenario differ by noise as
well as by what was changed.

Here each uniform is a hash of (seed, entity key, run number) instead: a unit's readiness in run
*r* depends only on the seed, the unit's id and *r*; a procedure step's duration on its label; a
delay on its unit and day. Whatever a variant shares with its base therefore gets the same draws in
every run (common random numbers), and the difference between them is the effect of the change.
The run number is the run's index in the whole simulation, so the draws do not depend on the batch
layout, on the number of workers or on the machine that computes them.

The hash is SplitMix64's finaliser over a per-key stream, a well-tested 64-bit mixer
(Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014); the top 53
bits make a double in [0, 1).

    >>> s = KeyedSeed(7, 0, key_hashes(["unit:a", "unit:b"]))
    >>> u = draw_uniforms(s, 3, 2)
    >>> u.shape, bool(((u >= 0) & (u < 1)).all())
    ((3, 2), True)
    >>> bool((draw_uniforms(KeyedSeed(7, 1, key_hashes(["unit:b"])), 2, 1)[:, 0] == u[1:, 1]).all())
    True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .compile import CompiledScenario
    from .labels import Labels

__all__ = ["KeyedSeed", "draw_uniforms", "entity_keys", "key_hashes", "keyed_seeds"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True, slots=True)
class KeyedSeed:
    """What a batch needs to draw keyed uniforms: the seed, its first run's number, the keys' hashes."""

    seed: int
    first_run: int
    keys: np.ndarray
    """(n_random,) uint64: one hash per random input, in the engine's column order"""


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, in place on a uint64 array (wrap-around arithmetic is intended)."""
    z ^= z >> np.uint64(30)
    z *= _M1
    z ^= z >> np.uint64(27)
    z *= _M2
    z ^= z >> np.uint64(31)
    return z


def key_hashes(keys: Sequence[str]) -> np.ndarray:
    """A stable 64-bit hash of each key (BLAKE2b: the same on every machine and Python)."""
    return np.array(
        [int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little") for k in keys],
        dtype=np.uint64,
    )


def draw_uniforms(seed: KeyedSeed | np.random.SeedSequence | None, runs: int, n_random: int) -> np.ndarray | None:
    """(runs, n_random) uniforms in [0, 1) for the engine; None when nothing is random (or no seed).

    A ``SeedSequence`` draws by position (the default, unchanged); a :class:`KeyedSeed` by entity.
    """
    if seed is None or n_random == 0:
        return None
    if not isinstance(seed, KeyedSeed):
        return np.random.default_rng(seed).random((runs, n_random))
    with np.errstate(over="ignore"):
        base = np.array([seed.seed & 0xFFFFFFFFFFFFFFFF], dtype=np.uint64)
        state = _mix(seed.keys ^ _mix(base + _GOLDEN))  # one stream per key and seed
        run = np.arange(seed.first_run + 1, seed.first_run + runs + 1, dtype=np.uint64)
        z = (run * _GOLDEN)[:, None] + state[None, :]
        _mix(z)
    z >>= np.uint64(11)
    return z.astype(np.float64) * (1.0 / (1 << 53))


def entity_keys(model: CompiledScenario, labels: Labels) -> list[str]:
    """The key of each random input of a compiled scenario (named by its labels), in column order.

    Steps are keyed by their label (their `id`, or kind and state), units by id (reinforcements apart),
    delays by their unit, day and order among that unit's delays.
    """
    keys = [f"step:{labels.step_labels[i]}" for i in model.random_steps]
    keys += [
        f"{'reinforce' if labels.units[j].reinforcement else 'unit'}:{labels.units[j].id}" for j in model.random_units
    ]
    seen: dict[str, int] = {}
    for k in model.random_delays:
        j, i = int(model.delay_unit[k]), int(model.delay_step[k])
        who = labels.units[j].id if j >= 0 else f"step:{labels.step_labels[i]}"
        base = f"delay:{who}:{float(model.delay_day[k])!r}"
        seen[base] = seen.get(base, 0) + 1
        keys.append(f"{base}:{seen[base]}")
    return keys


def keyed_seeds(model: CompiledScenario, labels: Labels, seed: int, starts: Sequence[int]) -> list[KeyedSeed]:
    """One :class:`KeyedSeed` per batch starting at each run number in `starts`."""
    hashes = key_hashes(entity_keys(model, labels))
    return [KeyedSeed(int(seed), int(lo), hashes) for lo in starts]
