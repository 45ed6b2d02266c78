"""Settings: typed, from LINESIFT_* variables, with the documented defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings


def test_defaults() -> None:
    settings = Settings()
    assert settings.max_body_bytes == 5 * 1024 * 1024
    assert settings.max_lines == 20_000
    assert settings.max_dom_nodes == 200_000
    assert settings.max_batch == 32
    assert settings.request_timeout_s == 10.0
    assert settings.api_keys == ()
    assert settings.cors_origins == ()
    assert settings.model_dir is None
    assert settings.burst == settings.rate_limit_per_minute


def test_read_from_prefixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LINESIFT_MAX_BODY_BYTES", "1000")
    monkeypatch.setenv("LINESIFT_API_KEYS", " one, two ,,")
    monkeypatch.setenv("LINESIFT_CORS_ORIGINS", "https://a.example,https://b.example")
    monkeypatch.setenv("LINESIFT_RATE_LIMIT_PER_MINUTE", "60")
    monkeypatch.setenv("LINESIFT_RATE_LIMIT_BURST", "5")
    monkeypatch.setenv("LINESIFT_MODEL_DIR", str(tmp_path))
    monkeypatch.setenv("MAX_LINES", "7")  # no prefix: ignored
    settings = Settings()
    assert settings.max_body_bytes == 1000
    assert [key.get_secret_value() for key in settings.api_keys] == ["one", "two"]
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.burst == 5
    assert settings.model_dir == tmp_path
    assert settings.max_lines == 20_000


def test_keys_do_not_show_in_repr() -> None:
    assert "hunter2" not in repr(Settings(api_keys="hunter2"))


@pytest.mark.parametrize(
    "bad", [{"max_body_bytes": 0}, {"request_timeout_s": 0}, {"max_batch": -1}, {"rate_limit_per_minute": -5}]
)
def test_nonsense_limits_are_refused(bad: dict) -> None:
    with pytest.raises(ValidationError):
        Settings(**bad)


def test_extension_origins_pattern() -> None:
    import re

    pattern = re.compile(Settings().cors_origin_regex or "")
    assert pattern.fullmatch("chrome-extension://abcdefghijklmnopabcdefghijklmnop")
    assert pattern.fullmatch("moz-extension://3f1c2b9e-4d5a-4b7e-9c1d-2a6b8e0f7d13")
    assert not pattern.fullmatch("https://chrome-extension.example")
    assert not pattern.fullmatch("chrome-extension://abc.evil.example")
