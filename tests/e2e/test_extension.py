"""End to end: the browser extension in headless Chromium against the real service on loopback.

The toolbar button is clicked through ``Extensions.triggerAction`` (see ``_browser.py``), so the real
path runs: the action's ``activeTab`` grant, ``scripting.executeScript`` reading the rendered DOM, the
service worker's ``fetch`` to the service (cross-origin, allowed by the service's CORS settings for
extension origins), and the reader view rendering the answer. Settings go in through the options page.

Set LINESIFT_UPDATE_SCREENSHOT=1 to refresh docs/img/reader-view.png from the first test.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from _browser import Browser, Tab, find_chromium, wait_until
from _service import Service, running_service
from bs4 import BeautifulSoup

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
PAGES = Path(__file__).resolve().parent / "pages"
SCREENSHOT = REPO / "docs" / "img" / "reader-view.png"
EXTENSION_PAGE_LIMIT = 4 * 1024 * 1024  # extension/lib/settings.js MAX_PAGE_BYTES
CLEAN_TIMEOUT_S = 60

# Module-level state is only constants; the key is made per run so no real key is ever in the tree.
API_KEY = f"e2e-{secrets.token_hex(12)}"


# -- the article page and what it holds --------------------------------------------------------------


def _texts(nodes: Any) -> list[str]:
    return [" ".join(node.get_text(" ").split()) for node in nodes]


@dataclass(frozen=True)
class ArticlePage:
    headline: str  # the article's <h1>, which the page's <title> names: the reader view's heading
    paragraphs: list[str]  # the article's body paragraphs: the reader view must show each
    headings: list[list[str]]  # the article's <h2>…<h6> as [tag, text]: the reader view shows each as such
    banner_lines: list[str]  # the consent banner's and the paywall prompt's lines: it must show none

    @classmethod
    def read(cls, path: Path) -> ArticlePage:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        found = (soup.select_one("#consent-dialog"), soup.select_one("#subscriber-wall"))
        walls = [wall for wall in found if wall is not None]
        assert article is not None and len(walls) == 2, f"{path.name} lost its article or a banner"
        banner_nodes = [node for wall in walls for node in wall.select("h2, p, button, a")]
        headings = article.select("h2, h3, h4, h5, h6")
        return cls(
            headline=_texts(article.find_all("h1"))[0],
            paragraphs=[t for t in _texts(article.find_all("p", class_=False)) if len(t) > 80],
            headings=[[node.name, text] for node, text in zip(headings, _texts(headings), strict=True)],
            banner_lines=_texts(banner_nodes),
        )


# -- processes on loopback ---------------------------------------------------------------------------


class _PageHandler(http.server.SimpleHTTPRequestHandler):
    """Serves tests/e2e/pages, plus /big.html: an article page over the extension's size cap."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/big.html":
            super().do_GET()
            return
        paragraph = "<p>" + "A long page about nothing much, repeated to pass the size cap. " * 20 + "</p>\n"
        body = ("<!doctype html><html><head><title>A very long page</title></head><body>"
                + paragraph * (EXTENSION_PAGE_LIMIT // len(paragraph) + 200) + "</body></html>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _StubBackend(http.server.BaseHTTPRequestHandler):
    """A stand-in service on loopback: records every request and gives ``answer`` (CORS open)."""

    requests: ClassVar[list[str]] = []
    answer: ClassVar[tuple[int, str]] = (500, "")

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", "*"))
        self.send_header("Access-Control-Allow-Headers", "authorization, content-type")
        self.send_header("Access-Control-Allow-Methods", "POST")

    def do_OPTIONS(self) -> None:
        type(self).requests.append(f"OPTIONS {self.path}")
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).requests.append(f"POST {self.path}")
        status, body = type(self).answer
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium on PATH in CI: .ci/run must call .ci/browser-deps first")
        pytest.skip("no Chromium on PATH (install it with: bash .ci/browser-deps)")
    return path


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with _serve(_PageHandler) as url:
        yield url


SERVICE_ENV = {"LINESIFT_API_KEYS": API_KEY}  # CORS: the default allow-list admits extension origins


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    with running_service(SERVICE_ENV) as running:
        yield running


@dataclass
class Extension:
    browser: Browser
    id: str
    seen_readers: set[str] = field(default_factory=set)
    visits: int = 0

    def configure(self, backend_url: str, api_key: str) -> None:
        """Type the settings into the options page and press Save, as a person would."""
        page = self.browser.send("Target.createTarget",
                                 {"url": f"chrome-extension://{self.id}/options.html"})["targetId"]
        session = self.browser.attach(page)
        try:
            wait_until(lambda: self.browser.evaluate(session, "document.body?.dataset.ready === 'true'"),
                       timeout=20, what="the options page")
            fill = (f"document.getElementById('backend-url').value = {json.dumps(backend_url)};"
                    f"document.getElementById('api-key').value = {json.dumps(api_key)};"
                    "document.getElementById('save').click();")
            self.browser.evaluate(session, fill, user_gesture=True)
            # Saved before the browser's permission prompt is answered; headless never answers it, so
            # a non-default service URL is reached through the service's CORS allow-list.
            wait_until(lambda: self.browser.evaluate(
                session, "document.getElementById('message').textContent.startsWith('Saved')"),
                timeout=20, what="the options page to save")
            stored = self.browser.evaluate(session, "chrome.storage.local.get(['backendUrl', 'apiKey'])")
            assert stored == {"backendUrl": backend_url.rstrip("/"), "apiKey": api_key}
        finally:
            self.browser.close_target(page)

    def clean(self, url: str) -> Reader:
        """Open ``url`` in a new tab, click the toolbar button there, and wait for the reader view."""
        self.visits += 1  # a URL no other tab shows, so the new tab is the one found and clicked
        tab: Tab = self.browser.open_tab(f"{url}?visit={self.visits}")
        self.browser.trigger_action(self.id, tab)
        page = self.browser.find_page(f"chrome-extension://{self.id}/reader.html",
                                      exclude=frozenset(self.seen_readers))
        self.seen_readers.add(page)
        reader = Reader(self.browser, self.browser.attach(page))
        reader.wait_settled()
        return reader


@pytest.fixture(scope="module")
def extension(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Extension]:
    browser = Browser(chromium, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield Extension(browser, browser.load_extension(EXTENSION))
    finally:
        browser.close()


# -- reading the reader view -------------------------------------------------------------------------

# An element as [tag, {attributes} when it has any, ...children], a text node as its text.
_TREE = """const tree = (node) => node.nodeType === Node.TEXT_NODE ? node.data : [
  node.localName,
  ...(node.attributes.length ? [Object.fromEntries([...node.attributes].map((a) => [a.name, a.value]))] : []),
  ...[...node.childNodes].map(tree),
];"""

_SNAPSHOT = """(() => {
  /* tree */
  const $ = (id) => document.getElementById(id);
  const shown = (el) => Boolean(el) && !el.hidden && el.getClientRects().length > 0;
  if (document.readyState === "loading" || !$("meta")) return { state: "loading" };
  return {
    state: $("view").dataset.state,
    status: shown($("status")) ? $("status").innerText : "",
    article: shown($("article")) ? [...$("article").children].map((el) => el.textContent) : [],
    headline: shown($("article")) ? ($("article").querySelector("h1")?.textContent ?? "") : "",
    outline: shown($("article")) ? [...$("article").childNodes].map(tree) : [],
    findings: [...$("findings").querySelectorAll("[data-finding]")]
      .map((el) => [el.dataset.finding, el.textContent]),
    removed: Object.fromEntries([...$("removed").querySelectorAll(".removed-group")].map((group) =>
      [group.dataset.label, [...group.querySelectorAll("li")].map((li) => li.lastChild.textContent.trim())])),
    removedShown: shown($("removed")),
    toggle: shown($("toggle-removed")) ? $("toggle-removed").textContent : "",
  };
})()""".replace("/* tree */", _TREE)

# The job the reader view shows, as the service worker stored it (the service's answer is `result`).
_JOB = """(async () => {
  const key = "job:" + new URLSearchParams(location.search).get("job");
  return (await chrome.storage.session.get(key))[key] ?? null;
})()"""


class Reader:
    def __init__(self, browser: Browser, session: str):
        self.browser = browser
        self.session = session

    def snapshot(self) -> dict[str, Any]:
        value: dict[str, Any] = self.browser.evaluate(self.session, _SNAPSHOT)
        return value

    def job(self) -> dict[str, Any]:
        value: dict[str, Any] = self.browser.evaluate(self.session, _JOB)
        return value

    def wait_settled(self) -> None:
        last: dict[str, Any] = {}

        def settled() -> bool:
            last.update(self.snapshot())
            return last["state"] not in ("loading", "working")

        try:
            wait_until(settled, timeout=CLEAN_TIMEOUT_S, what="the reader view to leave its working state")
        except TimeoutError as exc:  # say where it stood: a page still loading, or a job still working
            raise TimeoutError(f"{exc}; last seen: {last}") from exc

    def click(self, element_id: str) -> None:
        self.browser.evaluate(self.session, f"document.getElementById({json.dumps(element_id)}).click()",
                              user_gesture=True)

    def screenshot(self, path: Path) -> None:
        self.browser.screenshot(self.session, path, width=900, height=1800)


# -- the tests ---------------------------------------------------------------------------------------


def test_reader_view_shows_the_article_without_its_banners(
    extension: Extension, service: Service, pages: str, tmp_path: Path
) -> None:
    page = ArticlePage.read(PAGES / "article.html")
    assert len(page.paragraphs) >= 5 and len(page.banner_lines) >= 8
    extension.configure(service.url, API_KEY)

    reader = extension.clean(f"{pages}/article.html")
    view = reader.snapshot()

    log = service.log_text()[-4000:]
    assert view["state"] == "done", f"reader view says: {view['status']}\nservice log:\n{log}"
    shown = " ".join(" ".join(view["article"]).split())
    missing = [p for p in page.paragraphs if p not in shown]
    assert not missing, f"article paragraphs missing from the reader view: {missing}"
    leaked = [line for line in page.banner_lines if line in shown]
    assert not leaked, f"banner lines shown as article: {leaked}"
    # The service gives the headline apart from the body (`title`); the view shows it as the heading.
    assert view["headline"] == page.headline and view["article"].count(page.headline) == 1
    # The view asked for the Markdown answer and shows its structure: the headline first, then the
    # article's own headings at their level (and no heading the page does not have).
    markdown = reader.job()["result"].get("markdown") or ""
    assert markdown.startswith(f"# {page.headline}\n\n"), f"the service's Markdown: {markdown[:300]!r}"
    assert view["outline"][0] == ["h1", page.headline]
    # The page's own metadata as a byline under the headline, its date in the page's language.
    assert view["outline"][1] == ["p", {"class": "byline"}, "Mara Quill · March 14, 2026 · The Wrenmouth Courier"]
    assert page.headings, "pages/article.html lost its <h2>"
    assert [block for block in view["outline"] if block[0] in ("h2", "h3", "h4", "h5", "h6")] == page.headings
    assert {key for key, _ in view["findings"]} >= {"consent_banner", "paywall"}
    badge_text = " ".join(text for _, text in view["findings"])
    assert "Consent banner" in badge_text and "Paywall" in badge_text

    # The toggle shows what was taken away, grouped by label; the banners are there.
    assert not view["removedShown"] and view["toggle"].startswith("Show removed lines (")
    reader.click("toggle-removed")
    opened = reader.snapshot()
    assert opened["removedShown"] and opened["toggle"] == "Hide removed lines"
    removed = " ".join(" ".join(line for lines in opened["removed"].values() for line in lines).split())
    assert [line for line in page.banner_lines if line not in removed] == []
    assert page.headline not in removed
    assert set(opened["removed"]) & {"consent", "paywall"}

    reader.screenshot(tmp_path / "reader-view.png")
    assert (tmp_path / "reader-view.png").read_bytes().startswith(b"\x89PNG")
    if os.environ.get("LINESIFT_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.write_bytes((tmp_path / "reader-view.png").read_bytes())


def test_stopped_service_shows_unreachable(extension: Extension, pages: str) -> None:
    with running_service(SERVICE_ENV) as own:
        extension.configure(own.url, API_KEY)
        assert extension.clean(f"{pages}/article.html").snapshot()["state"] == "done"
    assert own.process.poll() is not None, "the service should be stopped now"

    view = extension.clean(f"{pages}/article.html").snapshot()

    assert view["state"] == "unreachable"
    assert "The linesift service is unreachable" in view["status"]
    assert own.url in view["status"] and "Try again" in view["status"]
    assert view["article"] == [] and view["findings"] == []


def test_wrong_api_key_shows_key_refused(extension: Extension, service: Service, pages: str) -> None:
    extension.configure(service.url, "not-the-key")

    view = extension.clean(f"{pages}/article.html").snapshot()

    assert view["state"] == "key_refused"
    assert "The service refused the API key" in view["status"] and "Open options" in view["status"]
    assert view["article"] == []


def test_page_over_the_cap_is_not_sent(extension: Extension, pages: str) -> None:
    _StubBackend.requests = []
    with _serve(_StubBackend) as backend:
        extension.configure(backend, "")
        view = extension.clean(f"{pages}/big.html").snapshot()

    assert view["state"] == "too_large"
    assert "This page is too large to send" in view["status"]
    assert "the extension sends at most 4.0 MB" in view["status"]
    assert _StubBackend.requests == []


def test_answer_without_kept_lines_shows_nothing_found(extension: Extension, pages: str) -> None:
    # A stand-in service, since which page the model empties is the model's business (today it keeps
    # the wall on pages/consent-only.html); showing the state is the extension's. Wire shape as served.
    lines = ["Before you continue", "We use cookies to measure visits.", "Reject all", "Accept all"]
    answer = {
        "text": "",
        "lines": [{"index": i, "text": text, "label": "consent", "confidence": 0.9, "keep": False}
                  for i, text in enumerate(lines, 1)],
        "page": {"consent_banner": {"present": True, "confidence": 0.95},
                 "paywall": {"present": False, "confidence": 0.01, "kind": "none"},
                 "adblock_wall": {"present": False, "confidence": 0.01}},
        "language": "en", "model": "stand-in", "timing_ms": 1.0,
    }  # fmt: skip
    _StubBackend.requests, _StubBackend.answer = [], (200, json.dumps(answer))
    with _serve(_StubBackend) as backend:
        extension.configure(backend, "")
        reader = extension.clean(f"{pages}/consent-only.html")
        view = reader.snapshot()
        reader.click("toggle-removed")
        opened = reader.snapshot()

    assert "POST /v1/clean" in _StubBackend.requests
    assert view["state"] == "empty"
    assert "Nothing found" in view["status"]
    assert view["article"] == []
    assert [key for key, _ in view["findings"]] == ["consent_banner"]
    assert view["toggle"] == "Show removed lines (4)"
    assert opened["removed"] == {"consent": lines}


# How lib/clean.js turns each kind of answer into a state, run in the extension's own origin with a
# stand-in fetch: the answers a live service gives only under load or failure (429, 503, 500, a hang).
_ANSWER = """(async () => {
  const { cleanPage } = await import("./lib/clean.js");
  const seen = [];
  const fetchImpl = (url, init) => {
    seen.push({ url, auth: init.headers.Authorization ?? null, body: JSON.parse(init.body) });
    const answers = [].concat(%s);  // one answer for every call, or one for each call in turn
    const answer = answers[Math.min(seen.length, answers.length) - 1];
    if (answer === "refused") return Promise.reject(new TypeError("Failed to fetch"));
    if (answer === "hang") return new Promise((_, reject) => init.signal.addEventListener(
      "abort", () => reject(new DOMException("aborted", "AbortError"))));
    return Promise.resolve(new Response(answer.body, { status: answer.status }));
  };
  const settings = { backendUrl: "http://127.0.0.1:9", apiKey: %s };
  const page = { html: "<p>x</p>", url: "http://example.test/" + "a".repeat(3000) };
  const outcome = await cleanPage(settings, page, { timeoutMs: 200, fetchImpl });
  return { state: outcome.state, detail: outcome.detail ?? null, seen };
})()"""

_KEPT = json.dumps({"text": "A line.", "lines": [{"index": 1, "text": "A line.", "label": "content",
                                                  "confidence": 0.9, "keep": True}]})
_NONE_KEPT = json.dumps({"text": "", "lines": [{"index": 1, "text": "Accept all", "label": "consent",
                                                 "confidence": 0.9, "keep": False}]})


def _evaluate_in_extension_page(extension: Extension, path: str, expression: str) -> Any:
    """Open one of the extension's pages, evaluate ``expression`` there (in its origin), close it."""
    page = extension.browser.send("Target.createTarget",
                                  {"url": f"chrome-extension://{extension.id}/{path}"})["targetId"]
    session = extension.browser.attach(page)
    try:
        loaded = "location.protocol === 'chrome-extension:' && document.readyState === 'complete'"
        wait_until(lambda: extension.browser.evaluate(session, loaded), timeout=20, what="an extension page")
        return extension.browser.evaluate(session, expression)
    finally:
        extension.browser.close_target(page)


def _error(code: str) -> str:
    return json.dumps({"error": {"code": code, "message": f"{code} happened"}})


@pytest.mark.parametrize(("answer", "state", "code"), [
    ({"status": 200, "body": _KEPT}, "done", None),
    ({"status": 200, "body": _NONE_KEPT}, "empty", None),
    ({"status": 401, "body": _error("unauthorized")}, "key_refused", "unauthorized"),
    ({"status": 413, "body": _error("too_large")}, "too_large", "too_large"),
    ({"status": 429, "body": _error("rate_limited")}, "rate_limited", "rate_limited"),
    ({"status": 503, "body": _error("not_ready")}, "unavailable", "not_ready"),
    ({"status": 500, "body": "Internal Server Error"}, "error", None),
    ({"status": 200, "body": "{not json"}, "error", None),
    ("refused", "unreachable", None),
    ("hang", "timeout", None),
])  # fmt: skip
def test_each_service_answer_maps_to_a_state(
    extension: Extension, answer: Any, state: str, code: str | None
) -> None:
    outcome = _evaluate_in_extension_page(extension, "options.html",
                                          _ANSWER % (json.dumps(answer), json.dumps("k")))

    assert outcome["state"] == state, outcome
    if code is not None:
        assert outcome["detail"]["code"] == code
        assert outcome["detail"]["message"] == f"{code} happened"
    [request] = outcome["seen"]
    assert request["url"] == "http://127.0.0.1:9/v1/clean"
    assert request["auth"] == "Bearer k"
    assert request["body"]["html"] == "<p>x</p>" and len(request["body"]["url"]) == 2048
    assert request["body"].get("include_markdown") is True


_OLD_SERVICE = {"status": 422, "body": json.dumps({"error": {
    "code": "invalid_request", "message": "include_markdown: Extra inputs are not permitted"}})}  # fmt: skip


def test_a_service_older_than_the_markdown_answer_is_asked_again_without_it(extension: Extension) -> None:
    answers = [_OLD_SERVICE, {"status": 200, "body": _KEPT}]
    outcome = _evaluate_in_extension_page(extension, "options.html", _ANSWER % (json.dumps(answers), "null"))

    assert outcome["state"] == "done", outcome
    first, second = outcome["seen"]
    assert first["body"].get("include_markdown") is True and "include_markdown" not in second["body"]
    assert second["body"]["html"] == first["body"]["html"] and second["body"]["url"] == first["body"]["url"]


def test_another_422_is_not_asked_again(extension: Extension) -> None:
    refused = {"status": 422, "body": _error("invalid_request")}
    outcome = _evaluate_in_extension_page(extension, "options.html", _ANSWER % (json.dumps(refused), "null"))

    assert outcome["state"] == "error" and outcome["detail"]["code"] == "invalid_request"
    assert len(outcome["seen"]) == 1


# -- the article's structure: lib/markdown.js on the service's Markdown ------------------------------

# Every construct classifier/markdown.py writes, in the form it writes them (see
# tests/classifier/test_markdown.py), and an <ol> that starts at 3, which the writer never numbers.
_MARKDOWN = (
    "# Harbour library opens\n\n"
    "## Rooms\n\n"
    "- Reading room\n"
    "- Maker space\n"
    "  - With 3 printers\n"
    "  - \\- and a lathe\n"
    "- Garden\n"
    "  by the river\n"
    "  1. Roses\n\n"
    "3. Mix the flour\n"
    "4. Bake it\n\n"
    "1. Serve\n\n"
    "> We open at nine.\n"
    ">\n"
    "> \\> We close at five.\n"
    "> 2\\) Never on Sundays.\n\n"
    "````\n"
    "x = 1\n"
    "1. not a list\n"
    "\\- as written\n"
    "\n"
    "```\n"
    "````\n\n"
    "| Room | Seats |\n"
    "| --- | --- |\n"
    "| Reading \\| quiet | 40 |\n"
    "| Maker space |  |\n\n"
    "### \\# Opening hours\n\n"
    "1\\. Not a list item\n"
    "\\- not a bullet\n\n"
    "\\# not a heading\n\n"
    "\\---\n\n"
    "\\+ plus and \\* star\n\n"
    "Harbour Street 1\n"
    "Northtown\n\n"
    "###### Small print\n\n"
    "A tag <img src=x onerror=alert(1)> and *no* emphasis.\n"
)

_RENDERED = [
    ["h1", "Harbour library opens"],
    ["h2", "Rooms"],
    ["ul",
     ["li", "Reading room"],
     ["li", "Maker space", ["ul", ["li", "With 3 printers"], ["li", "- and a lathe"]]],
     ["li", "Garden", ["br"], "by the river", ["ol", ["li", "Roses"]]]],
    ["ol", {"start": "3"}, ["li", "Mix the flour"], ["li", "Bake it"]],
    ["ol", ["li", "Serve"]],
    ["blockquote", ["p", "We open at nine."], ["p", "> We close at five.", ["br"], "2) Never on Sundays."]],
    ["pre", ["code", "x = 1\n1. not a list\n\\- as written\n\n```"]],
    ["table",
     ["thead", ["tr", ["th", "Room"], ["th", "Seats"]]],
     ["tbody", ["tr", ["td", "Reading | quiet"], ["td", "40"]], ["tr", ["td", "Maker space"], ["td", ""]]]],
    ["h3", "# Opening hours"],
    ["p", "1. Not a list item", ["br"], "- not a bullet"],
    ["p", "# not a heading"],
    ["p", "---"],
    ["p", "+ plus and \\* star"],
    ["p", "Harbour Street 1", ["br"], "Northtown"],
    ["h6", "Small print"],
    ["p", "A tag <img src=x onerror=alert(1)> and *no* emphasis."],
]  # fmt: skip

# Renders in the reader page itself, into its live document, so an element made from the text would
# be a real one.
_RENDER = """(async () => {
  /* tree */
  const { renderMarkdown } = await import("./lib/markdown.js");
  const box = document.createElement("div");
  box.append(renderMarkdown(/* markdown */));
  document.body.append(box);
  const outcome = { tree: [...box.childNodes].map(tree), images: box.querySelectorAll("img, script").length };
  box.remove();
  return outcome;
})()""".replace("/* tree */", _TREE)


def test_markdown_renders_as_structure_with_text_only(extension: Extension) -> None:
    render = _RENDER.replace("/* markdown */", json.dumps(_MARKDOWN))
    outcome = _evaluate_in_extension_page(extension, "reader.html", render)

    assert outcome["images"] == 0, "text from the page became an element"
    assert outcome["tree"] == _RENDERED


_TITLED = {
    "title": "Harbour library opens", "title_line": 1,
    "lines": [{"index": i, "text": text, "label": label, "confidence": 0.9, "keep": keep}
              for i, (text, label, keep) in enumerate([
                  ("Harbour library opens", "content", False), ("It opened on Saturday.", "content", True),
                  ("Reading room", "content", True), ("Maker space", "content", True),
                  ("We open at nine.", "content", True), ("Accept all cookies", "consent", False)], 1)],
    "text": "It opened on Saturday.\nReading room\nMaker space\nWe open at nine.",
    "page": {"consent_banner": {"present": True, "confidence": 0.95},
             "paywall": {"present": False, "confidence": 0.01, "kind": "none"},
             "adblock_wall": {"present": False, "confidence": 0.01}},
    "language": "en", "model": "stand-in", "timing_ms": 1.0,
    # A date is shown as the page wrote it, not moved into the reader's time zone (this one is 4 May in
    # UTC-5, already 5 May in UTC).
    "metadata": {"site_name": "Harbour Post", "authors": ["Ana Lind", "Ola Berg"],
                 "published": "2026-05-04T23:30:00-05:00", "modified": None, "description": None,
                 "url": None, "image": None},
}  # fmt: skip
_BYLINE = ["p", {"class": "byline"}, "Ana Lind, Ola Berg · May 4, 2026 · Harbour Post"]
_TITLED_MARKDOWN = (
    "# Harbour library opens\n\nIt opened on Saturday.\n\n- Reading room\n- Maker space\n\n> We open at nine.\n"
)


@pytest.mark.parametrize(("markdown", "outline"), [
    (_TITLED_MARKDOWN, [["h1", "Harbour library opens"], _BYLINE, ["p", "It opened on Saturday."],
                        ["ul", ["li", "Reading room"], ["li", "Maker space"]],
                        ["blockquote", ["p", "We open at nine."]]]),
    # Without Markdown, line by line as before: the headline from `title`, headings guessed by shape.
    (None, [["h1", "Harbour library opens"], _BYLINE, ["p", "It opened on Saturday."], ["h2", "Reading room"],
            ["h2", "Maker space"], ["p", "We open at nine."]]),
], ids=["markdown", "no markdown"])  # fmt: skip
def test_reader_view_renders_the_markdown_answer_else_lines(
    extension: Extension, pages: str, markdown: str | None, outline: list[Any]
) -> None:
    _StubBackend.requests, _StubBackend.answer = [], (200, json.dumps({**_TITLED, "markdown": markdown}))
    with _serve(_StubBackend) as backend:
        extension.configure(backend, "")
        view = extension.clean(f"{pages}/article.html").snapshot()

    assert "POST /v1/clean" in _StubBackend.requests
    assert view["state"] == "done"
    assert view["outline"] == outline
    assert view["headline"] == "Harbour library opens"
    assert [key for key, _ in view["findings"]] == ["consent_banner"]
