"""Load benchmark for a running linesift service (not a test: it measures, it asserts nothing).

Sends the real pages of ../shared/data/lines.jsonl (each page's lines joined by newlines, as
``text/plain``) to ``POST /v1/clean`` from 1, 10 and 50 concurrent clients, each level for a bounded
time and number of requests, and prints requests/s, p50, p99 and errors per level.

    make run &                                     # or any running service
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000

The service's rate limit must be off (or high) for a benchmark: start it with
LINESIFT_RATE_LIMIT_PER_MINUTE=0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "lines.jsonl"


@dataclass
class Level:
    """What one concurrency level measured."""

    clients: int
    latencies_s: list[float] = field(default_factory=list)
    load_average: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_s) + sum(self.errors.values())

    def percentile(self, q: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def row(self) -> str:
        rps = self.requests / self.wall_s if self.wall_s else 0.0
        errors = sum(self.errors.values())
        detail = f" ({', '.join(f'{k}: {v}' for k, v in sorted(self.errors.items()))})" if errors else ""
        return (
            f"| {self.clients:>7} | {self.requests:>8} | {rps:>10.1f} | {self.percentile(0.50) * 1000:>8.1f} "
            f"| {self.percentile(0.99) * 1000:>8.1f} | {errors:>6}{detail} | {self.load_average:>8.2f} |"
        )


def load_pages(path: Path, limit: int | None) -> list[bytes]:
    """Each page's text as the browser showed it: its lines joined by newlines, UTF-8."""
    pages = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            text = "\n".join(line["text"] for line in record["lines"])
            if text.strip():
                pages.append(text.encode("utf-8"))
            if limit is not None and len(pages) >= limit:
                break
    return pages


async def run_level(
    url: str, pages: list[bytes], clients: int, duration_s: float, max_requests: int, timeout_s: float
) -> Level:
    """``clients`` workers, each sending the next page as soon as its previous answer arrived."""
    level = Level(clients=clients)
    next_page = 0
    sent = 0
    stop_at = time.monotonic() + duration_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, timeout=timeout_s, limits=limits) as client:

        async def worker() -> None:
            nonlocal next_page, sent
            while time.monotonic() < stop_at and sent < max_requests:
                body = pages[next_page % len(pages)]
                next_page += 1
                sent += 1
                started = time.perf_counter()
                try:
                    response = await client.post(
                        "/v1/clean",
                        content=body,
                        headers={"Content-Type": "text/plain; charset=utf-8", "Accept": "application/json"},
                    )
                except httpx.HTTPError as exc:
                    level.errors[type(exc).__name__] = level.errors.get(type(exc).__name__, 0) + 1
                    continue
                elapsed = time.perf_counter() - started
                if response.status_code == 200:
                    level.latencies_s.append(elapsed)
                else:
                    key = f"HTTP {response.status_code}"
                    level.errors[key] = level.errors.get(key, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        level.wall_s = time.perf_counter() - started
    level.load_average = os.getloadavg()[0]  # the machine's 1-minute load at the end: others' work shows here
    return level


async def main_async(args: argparse.Namespace) -> int:
    pages = load_pages(args.data, args.pages)
    sizes = sorted(len(p) for p in pages)
    async with httpx.AsyncClient(base_url=args.url, timeout=10) as probe:
        ready = await probe.get("/readyz")
    if ready.status_code != 200:
        print(f"{args.url} is not ready: {ready.status_code} {ready.text}", file=sys.stderr)
        return 2
    print(f"service: {args.url} (model {ready.json()['model']})")
    print(
        f"pages: {len(pages)} from {args.data}, median {statistics.median(sizes) / 1024:.1f} KiB, "
        f"max {sizes[-1] / 1024:.1f} KiB; per level: {args.duration:g} s or {args.max_requests} requests\n"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the run\n")
    print("| clients | requests | requests/s | p50 (ms) | p99 (ms) | errors | load avg |")
    print("|--------:|---------:|-----------:|---------:|---------:|-------:|---------:|")
    failed = False
    for clients in args.concurrency:
        if args.warmup:
            await run_level(args.url, pages, clients, args.warmup, args.max_requests, args.timeout)
        level = await run_level(args.url, pages, clients, args.duration, args.max_requests, args.timeout)
        print(level.row(), flush=True)
        failed = failed or bool(level.errors)
    return 1 if failed else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running service")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="lines.jsonl with the pages")
    parser.add_argument("--pages", type=int, default=None, help="use only the first N pages")
    parser.add_argument(
        "--concurrency",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1, 10, 50],
        help="e.g. 1,10,50",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level")
    parser.add_argument("--max-requests", type=int, default=5000, help="requests per level at most")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of unrecorded load before each level"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout per request, seconds")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        parser.error(f"{args.data} not found (../shared is expected beside the repository)")
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main_async(parse_args())))
