"""A small Chrome DevTools Protocol client for the extension's end-to-end test.

It starts Debian's headless Chromium with ``--remote-debugging-pipe`` (commands on fd 3, answers on
fd 4, each message a JSON object ended by a NUL byte) and ``--enable-unsafe-extension-debugging``,
which unlocks the ``Extensions`` domain: ``Extensions.loadUnpacked`` installs the unpacked extension
and ``Extensions.triggerAction`` clicks its toolbar button on a tab, as a person would — the action
handler runs with the ``activeTab`` grant a real click gives. No WebDriver is involved.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")

FLAGS = (
    "--headless=new",
    "--no-sandbox",  # root in CI containers has no user namespaces for the sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--remote-debugging-pipe",
    "--enable-unsafe-extension-debugging",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
    "--lang=en-GB",
)


class BrowserError(RuntimeError):
    """The browser answered a command with an error, died, or did not answer in time."""


def find_chromium() -> str | None:
    """The Chromium to drive: $LINESIFT_CHROMIUM, else the first known name on PATH."""
    configured = os.environ.get("LINESIFT_CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def wait_until(probe: Callable[[], T | None], *, timeout: float, what: str, interval: float = 0.1) -> T:
    """Call ``probe`` until it returns something other than None or False; raise after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass(frozen=True)
class Tab:
    page_id: str  # the page target: attach to it to evaluate script or take a screenshot
    tab_id: str  # the tab target that holds it: Extensions.triggerAction wants this one


class Browser:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, executable: str, user_data_dir: Path, *, window: tuple[int, int] = (1100, 1400)):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child, before exec: fd 3 reads commands, fd 4 answers
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.log_path = user_data_dir / "chromium.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={user_data_dir}",
                 f"--window-size={window[0]},{window[1]}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(3, 4),
                preexec_fn=wire_pipes,
            )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.version = self.send("Browser.getVersion", timeout=60)["product"]

    # -- the protocol ----------------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError("the browser did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(f"the browser closed its pipe; see {self.log_path}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, params: dict[str, Any] | None = None, *,
             session: str | None = None, timeout: float = 30) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile go to ``events``."""
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        os.write(self._to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") != self._next_id:
                self.events.append(message)
                del self.events[:-500]
                continue
            if "error" in message:
                raise BrowserError(f"{method}: {message['error'].get('message')}")
            result: dict[str, Any] = message.get("result", {})
            return result

    # -- what the tests do -----------------------------------------------------------------------

    def load_extension(self, path: Path) -> str:
        """Install an unpacked extension; returns its id."""
        result = self.send("Extensions.loadUnpacked", {"path": str(path)})
        extension_id: str = result["id"]
        # An action triggered before the service worker has registered its listener is lost: wait for
        # the listener, through a session that is closed again (DevTools keeps a worker alive).
        prefix = f"chrome-extension://{extension_id}/"
        worker = wait_until(
            lambda: next((t["targetId"] for t in self.targets()
                          if t["type"] == "service_worker" and t["url"].startswith(prefix)), None),
            timeout=30, what="the extension's service worker")
        session = self.attach(worker)
        try:
            listening = "globalThis.chrome?.action?.onClicked.hasListeners() ?? false"
            wait_until(lambda: self.evaluate(session, listening), timeout=30, what="the action listener")
        finally:
            self.send("Target.detachFromTarget", {"sessionId": session})
        return extension_id

    def targets(self) -> list[dict[str, Any]]:
        infos: list[dict[str, Any]] = self.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
        return infos

    def open_tab(self, url: str) -> Tab:
        """Open ``url`` in a new foreground tab and wait until its document has a title.

        No DevTools session is attached to the tab: while one is, Chromium does not let extensions
        script the page. The extension's ``scripting.executeScript`` waits for the document to be idle.
        """
        page_id = self.send("Target.createTarget", {"url": url})["targetId"]

        def tab_target() -> str | None:
            loaded = (t for t in self.targets() if t["type"] == "tab" and t["url"] == url)
            return next((t["targetId"] for t in loaded if t["title"] and t["title"] != url), None)

        tab_id = wait_until(tab_target, timeout=30, what=f"a tab showing {url}")
        return Tab(page_id=page_id, tab_id=tab_id)

    def find_page(self, url_prefix: str, *, exclude: frozenset[str] = frozenset(), timeout: float = 30
                  ) -> str:
        """The id of a page target whose URL starts with ``url_prefix`` (and is not in ``exclude``)."""

        def probe() -> str | None:
            return next((t["targetId"] for t in self.targets() if t["type"] == "page"
                         and t["url"].startswith(url_prefix) and t["targetId"] not in exclude), None)

        return wait_until(probe, timeout=timeout, what=f"a page at {url_prefix}…")

    def attach(self, target_id: str) -> str:
        result = self.send("Target.attachToTarget", {"targetId": target_id, "flatten": True})
        session: str = result["sessionId"]
        return session

    def evaluate(self, session: str, expression: str, *, user_gesture: bool = False) -> Any:
        """Evaluate ``expression`` in the page (promises awaited) and return its JSON value."""
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True,
                  "userGesture": user_gesture}
        result = self.send("Runtime.evaluate", params, session=session)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"script failed: {details.get('exception', {}).get('description') or details}")
        return result["result"].get("value")

    def trigger_action(self, extension_id: str, tab: Tab) -> None:
        """Click the extension's toolbar button on ``tab``."""
        self.send("Extensions.triggerAction", {"id": extension_id, "targetId": tab.tab_id})

    def close_target(self, target_id: str) -> None:
        with contextlib.suppress(BrowserError):
            self.send("Target.closeTarget", {"targetId": target_id})

    def screenshot(self, session: str, path: Path, *, width: int, height: int) -> None:
        """A PNG of the page at ``width`` CSS pixels, ``height`` tall (capped at the page's height)."""
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        data = self.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close", timeout=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
