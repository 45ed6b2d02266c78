"""Fixtures for the HTTP layer: the app with the shipped model, and a scripted double to force failures."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.deps import get_classifier
from app.main import create_app
from classifier import Finding, InputError, Label, Line, LineResult, PageResult, segment_text

_TAG = re.compile(r"<[^>]*>")


def _clear_service_env(env: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("LINESIFT_")]:
        env.delenv(name)


@pytest.fixture(autouse=True)
def _no_service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the documented defaults, whatever LINESIFT_* the shell running them has set."""
    _clear_service_env(monkeypatch)


def make_settings(**overrides: Any) -> Settings:
    return Settings(**overrides)


class ScriptedModel:
    """A stand-in for ``classifier.Model`` with the same API and predictable answers.

    Lines mentioning cookies are consent, lines of fewer than four words are navigation, the rest is
    content. ``fail_with`` makes every call raise that error; ``calls`` records what was asked.
    """

    version = "test-1"
    manifest: ClassVar[dict[str, Any]] = {
        "model_version": "test-1",
        "labels": [str(label) for label in Label],
        "metrics": {"token_f1": 0.5},
        "feature_names": ["hidden"],
    }

    def __init__(self) -> None:
        self.fail_with: InputError | None = None
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def classify_text(self, text: str, *, max_lines: int | None = None) -> PageResult:
        self.calls.append(("text", {"max_lines": max_lines}))
        if self.fail_with is not None:
            raise self.fail_with
        return self._page(segment_text(text, max_lines=max_lines))

    def classify_html(
        self,
        html: str | bytes,
        *,
        max_nodes: int | None = None,
        max_lines: int | None = None,
        timeout_s: float | None = None,
    ) -> PageResult:
        call = {"max_nodes": max_nodes, "max_lines": max_lines, "timeout_s": timeout_s, "type": type(html)}
        self.calls.append(("html", call))
        if self.fail_with is not None:
            raise self.fail_with
        source = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
        if max_nodes is not None and source.count("<") > max_nodes:
            raise InputError("too many elements", code="dom_too_large")
        return self._page(segment_text(_TAG.sub("\n", source)))

    @staticmethod
    def _page(lines: list[Line]) -> PageResult:
        results = []
        for line in lines:
            if "cookie" in line.text.lower():
                label = Label.CONSENT
            elif len(line.text.split()) < 4:
                label = Label.NAVIGATION
            else:
                label = Label.CONTENT
            results.append(LineResult(line=line, label=label, confidence=0.9, keep=label is Label.CONTENT))
        consent = any(r.label is Label.CONSENT for r in results)
        return PageResult(
            lines=tuple(results),
            consent_banner=Finding(present=consent, confidence=0.9),
            paywall=Finding(present=False, confidence=0.8, kind="none"),
            adblock_wall=Finding(present=False, confidence=0.8),
            language="und",
        )


@pytest.fixture
def scripted() -> ScriptedModel:
    return ScriptedModel()


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The app with the default settings and the shipped model, loaded once for the session."""
    with pytest.MonkeyPatch.context() as env:
        _clear_service_env(env)
        app = create_app(Settings())
    with TestClient(app) as shipped:
        yield shipped


@pytest.fixture
def make_client() -> Iterator[Callable[..., TestClient]]:
    """Builds apps with these settings and the shipped model."""
    with ExitStack() as stack:

        def make(**settings: Any) -> TestClient:
            return stack.enter_context(TestClient(create_app(make_settings(**settings))))

        yield make


@pytest.fixture
def make_double(scripted: ScriptedModel, tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """Builds apps with these settings and the scripted model in place of the real one (which the app
    then does not load: its model folder is empty)."""
    with ExitStack() as stack:

        def make(**settings: Any) -> TestClient:
            app = create_app(make_settings(**{"model_dir": tmp_path / "no-model", **settings}))
            app.dependency_overrides[get_classifier] = lambda: scripted
            return stack.enter_context(TestClient(app))

        yield make


@pytest.fixture
def double(make_double: Callable[..., TestClient]) -> TestClient:
    """The app with default settings and the scripted model."""
    return make_double()
