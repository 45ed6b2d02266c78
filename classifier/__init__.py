"""linesift's classifier: a pure library that labels the lines of a web page.

>>> from classifier import load_model
>>> page = load_model().classify_text(text)
>>> page.text, page.consent_banner.present
"""

from classifier.errors import ArtifactError, InputError, LinesiftError
from classifier.markdown import page_markdown
from classifier.model import Model, load_model
from classifier.segment import segment_text
from classifier.types import Finding, Label, Line, LineResult, PageResult

__all__ = [
    "ArtifactError",
    "Finding",
    "InputError",
    "Label",
    "Line",
    "LineResult",
    "LinesiftError",
    "Model",
    "PageResult",
    "load_model",
    "page_markdown",
    "segment_text",
]
