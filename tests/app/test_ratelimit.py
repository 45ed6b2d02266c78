"""The token bucket, on a clock the test moves."""

from __future__ import annotations

from app.ratelimit import RateLimiter, retry_after_header


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill_at_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate_per_minute=60, burst=3, clock=clock)
    assert [limiter.acquire("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.acquire("k")
    assert wait == 1.0  # one token a second
    clock.now += 0.5
    assert 0.49 < limiter.acquire("k") < 0.51
    clock.now += 0.5
    assert limiter.acquire("k") == 0.0
    assert limiter.acquire("k") > 0


def test_the_bucket_never_holds_more_than_the_burst() -> None:
    clock = Clock()
    limiter = RateLimiter(rate_per_minute=60, burst=2, clock=clock)
    limiter.acquire("k")
    clock.now += 3600
    assert [limiter.acquire("k") == 0.0 for _ in range(3)] == [True, True, False]


def test_keys_have_their_own_buckets() -> None:
    limiter = RateLimiter(rate_per_minute=60, burst=1, clock=Clock())
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0.0


def test_memory_is_bounded_by_forgetting_the_oldest_keys() -> None:
    limiter = RateLimiter(rate_per_minute=60, burst=1, max_keys=100, clock=Clock())
    for n in range(1000):
        limiter.acquire(f"addr:{n}")
    assert len(limiter._buckets) == 100
    assert limiter.acquire("addr:999") > 0  # still remembered: spent
    assert limiter.acquire("addr:0") == 0.0  # forgotten: a fresh bucket


def test_zero_rate_is_off() -> None:
    limiter = RateLimiter(rate_per_minute=0, burst=0, clock=Clock())
    assert not limiter.enabled
    assert all(limiter.acquire("k") == 0.0 for _ in range(1000))


def test_retry_after_is_whole_seconds_rounded_up() -> None:
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(1.0) == "1"
    assert retry_after_header(1.2) == "2"
