"""Keeping the cost of large inputs linear.

Python's cyclic garbage collector runs after every few hundred allocations and, each time its
oldest generation is due, walks every live object. Validating a 100,000-unit scenario allocates
millions of objects (nodes, dicts, pydantic models, findings) and almost no cycles, so those walks
grow with the heap and made the total grow faster than the input (23 s of CPU instead of 9 for
100,000 units, measured with benchmarks/bench_validate.py --findings).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (reference counting still frees memory).

    Nested and concurrent blocks are counted: the collector is restored, if it was on, when the
    last block ends."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
