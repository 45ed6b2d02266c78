"""The service's settings: one typed object read from ``LINESIFT_*`` environment variables.

Built by ``create_app()``, never at import. Every limit the service enforces lives here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Browser extensions call the service from these origins; the ids after "://" differ per install.
EXTENSION_ORIGINS = r"^(chrome-extension|moz-extension)://[A-Za-z0-9-]+$"


class Settings(BaseSettings):
    """Limits, CORS, keys and the model location. List values are comma-separated in the environment."""

    model_config = SettingsConfigDict(env_prefix="LINESIFT_", frozen=True, extra="ignore")

    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1, description="Largest request body, in bytes.")
    max_lines: int = Field(
        default=20_000, ge=1, description="Most lines one document may have (text lines or HTML blocks)."
    )
    max_dom_nodes: int = Field(default=200_000, ge=1, description="Most elements one HTML document may have.")
    max_batch: int = Field(default=32, ge=1, description="Most documents in one /v1/clean/batch call.")
    request_timeout_s: float = Field(default=10.0, gt=0, description="Deadline for classifying one request.")

    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Origins allowed besides those matching cors_origin_regex."
    )
    cors_origin_regex: str | None = Field(
        default=EXTENSION_ORIGINS, description="Origins allowed by pattern (browser extensions by default)."
    )

    api_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(), description="When set, every /v1 call needs one of these keys."
    )
    rate_limit_per_minute: int = Field(
        default=600,
        ge=0,
        description="Requests per minute per API key (per client address without keys); 0 = off.",
    )
    rate_limit_burst: int | None = Field(
        default=None, ge=1, description="Bucket size: requests allowed at once (default: one minute's worth)."
    )

    model_dir: Path | None = Field(
        default=None, description="Model artifact folder (default: the shipped model)."
    )

    @field_validator("cors_origins", "api_keys", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @property
    def burst(self) -> int:
        return self.rate_limit_burst or self.rate_limit_per_minute
