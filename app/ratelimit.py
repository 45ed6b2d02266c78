"""A per-key token bucket, kept in memory (one bucket set per process)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``rate_per_minute`` requests per minute per key, up to ``burst`` at once.

    Keys seen least recently are forgotten past ``max_keys``, so a flood of client addresses cannot
    grow memory without bound. A forgotten key starts again with a full bucket.
    """

    def __init__(
        self,
        *,
        rate_per_minute: int,
        burst: int,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate_per_second = rate_per_minute / 60.0
        self.burst = burst
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate_per_second > 0

    def acquire(self, key: str) -> float:
        """Take one token for ``key``. Returns 0.0 when granted, else the seconds until one is free."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(tokens=float(self.burst), updated=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate_per_second)
        bucket.updated = now
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate_per_second


def retry_after_header(wait_s: float) -> str:
    """Whole seconds, rounded up, as the ``Retry-After`` header wants them."""
    return str(max(1, math.ceil(wait_s)))
