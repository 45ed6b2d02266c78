"""Errors the library raises. Each carries a stable machine-readable ``code``."""

from __future__ import annotations


class LinesiftError(Exception):
    """Base class of every error the library raises on purpose."""

    code = "linesift_error"


class InputError(LinesiftError):
    """The input cannot be classified as given (too large, too deep, not text)."""

    code = "bad_input"

    def __init__(self, message: str, *, code: str = "bad_input") -> None:
        super().__init__(message)
        self.code = code


class ArtifactError(LinesiftError):
    """A model artifact is missing, tampered with, or made for another version of the code."""

    code = "bad_artifact"
