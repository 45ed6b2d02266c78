"""Start the real service (uvicorn, the shipped model) on a free loopback port, and stop it after."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Service:
    url: str
    host: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_service(
    env: dict[str, str] | None = None, *, start_timeout: float = 90.0, stop_timeout: float = 15.0
) -> Iterator[Service]:
    """A uvicorn process serving ``app.main:create_app``; ready (``/readyz`` 200) when this yields.

    The environment is the caller's minus every ``LINESIFT_*`` variable, plus ``env``. Fails with the
    server's log if it exits early or is not ready within ``start_timeout`` seconds. On the way out the
    server gets SIGTERM, and SIGKILL if it has not stopped ``stop_timeout`` seconds later.
    """
    host, port = "127.0.0.1", free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("LINESIFT_")}
    child_env.update(env or {})
    command = [
        sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory",
        "--host", host, "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="linesift-e2e-") as tmp:
        log = Path(tmp) / "uvicorn.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                command, cwd=ROOT, env=child_env, stdout=sink, stderr=subprocess.STDOUT
            )
        service = Service(url=f"http://{host}:{port}", host=host, port=port, process=process, log=log)
        try:
            _wait_ready(service, start_timeout)
            yield service
        finally:
            _stop(process, stop_timeout)


def _wait_ready(service: Service, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {service.process.returncode}:\n{service.log_text()}")
        try:
            response = httpx.get(f"{service.url}/readyz", timeout=2.0)
        except httpx.TransportError as exc:
            last = repr(exc)
        else:
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text}"
            if response.status_code == 503:  # up, but the model did not load: waiting will not help
                break
        time.sleep(0.1)
    raise RuntimeError(f"the service at {service.url} is not ready ({last}):\n{service.log_text()}")


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
