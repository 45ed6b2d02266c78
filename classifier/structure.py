"""Structural features of HTML lines: tag, heading level, link density, context flags, class/id words.

Pure functions of ``Line`` values, no model. Text-mode lines (no tag) get all zeros, so one model can
take both. The class/id words are matched against ``lexicons/markup.json`` (see its README):

- a token ending in ``-`` or ``_`` is a prefix of a path word (``ot-`` matches ``ot-sdk-row``);
- a token of ``SUBSTRING_MIN`` characters or more matches anywhere inside a path word, so camel-case
  and run-together names count (``cookie`` matches ``cookiebanner``, ``paywall`` ``articlepaywall``);
- a shorter token must equal a path word. Paths hold each class/id name whole and split into its
  parts, so ``ad`` matches ``ad-slot`` (part ``ad``) but not ``header`` or ``download``.

Each concept gives two numbers: whether any path word matches, and how close to the line the
innermost match is (1.0 for the line's own block or inline words, falling towards 0 at the root).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress
from operator import attrgetter

import numpy as np

from classifier.lexicon import CUE_CONCEPTS, lexicon
from classifier.types import Line

__all__ = ["MARKUP_CONCEPTS", "STRUCTURE_FEATURE_NAMES", "SUBSTRING_MIN", "structure_features"]

MARKUP_CONCEPTS: tuple[str, ...] = (*CUE_CONCEPTS, "content")
SUBSTRING_MIN = 6
_MAX_DEPTH_SCALE = 40.0

# Line.tag -> one-hot column; tags not listed fall in "tag_other".
_TAG_GROUPS: dict[str, str] = {
    "p": "p",
    "h1": "h1",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h5",
    "h6": "h6",
    "li": "li",
    "td": "td",
    "th": "td",
    "blockquote": "blockquote",
    "q": "blockquote",
    "figcaption": "caption",
    "caption": "caption",
    "pre": "pre",
    "dt": "dl",
    "dd": "dl",
    "div": "div",
    "section": "div",
    "article": "div",
    "main": "div",
    "center": "div",
    "button": "button",
    "label": "label",
    "option": "option",
    "optgroup": "option",
    "summary": "summary",
    "legend": "label",
    "header": "landmark",
    "footer": "landmark",
    "nav": "landmark",
    "aside": "landmark",
    "form": "form",
    "body": "body",
}
_TAG_COLUMNS: tuple[str, ...] = (*dict.fromkeys(_TAG_GROUPS.values()), "other")
_FLAGS: tuple[str, ...] = (
    "in_form",
    "in_button",
    "in_dialog",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_article",
)
_ANCESTOR_GROUPS: dict[str, str] = {
    "ul": "in_list",
    "ol": "in_list",
    "menu": "in_list",
    "dl": "in_list",
    "table": "in_table",
    "figure": "in_figure",
    "blockquote": "in_quote",
    "label": "in_label",
    "a": "in_link",
}
_ANCESTOR_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(_ANCESTOR_GROUPS.values()))

STRUCTURE_FEATURE_NAMES: tuple[str, ...] = (
    "s_has_structure",
    *(f"s_tag_{name}" for name in _TAG_COLUMNS),
    "s_heading_level",
    "s_link_density",
    "s_link_only",
    "s_relative_depth",
    "s_depth",
    *(f"s_{flag}" for flag in _FLAGS),
    *(f"s_{name}" for name in _ANCESTOR_COLUMNS),
    *(f"s_markup_{concept}" for concept in MARKUP_CONCEPTS),
    *(f"s_markup_{concept}_near" for concept in MARKUP_CONCEPTS),
)
_COL = {name: i for i, name in enumerate(STRUCTURE_FEATURE_NAMES)}
_TAG_COL = {tag: _COL[f"s_tag_{group}"] for tag, group in _TAG_GROUPS.items()}
_FLAG_COLS = [(_COL[f"s_{flag}"], flag) for flag in _FLAGS]
_ANCESTOR_START = _COL[f"s_{_ANCESTOR_COLUMNS[0]}"]
_ANCESTOR_INDEX = {tag: _ANCESTOR_COLUMNS.index(group) for tag, group in _ANCESTOR_GROUPS.items()}
_FLAGS_OF = attrgetter(*_FLAGS)
_MARKUP_ANY = _COL[f"s_markup_{MARKUP_CONCEPTS[0]}"]
_MARKUP_NEAR = _COL[f"s_markup_{MARKUP_CONCEPTS[0]}_near"]


@dataclass(frozen=True)
class _Matcher:
    """markup.json compiled for one pass per word: dict look-ups for whole words and prefixes, one
    regular expression for the tokens that match inside a word."""

    whole: dict[str, frozenset[int]]
    prefix: re.Pattern[str] | None
    inside: re.Pattern[str] | None
    concepts: dict[str, frozenset[int]]


def _index(pairs: list[tuple[str, int]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for token, concept in pairs:
        out.setdefault(token, set()).add(concept)
    return {token: frozenset(concepts) for token, concepts in out.items()}


@cache
def _matcher() -> _Matcher:
    """Built on first use from markup.json (through ``classifier.lexicon``)."""
    markup = lexicon().markup
    whole, prefixes, inside = [], [], []
    for concept, name in enumerate(MARKUP_CONCEPTS):
        for token in {t.strip().lower() for t in markup.get(name, ()) if t.strip()}:
            if token.endswith(("-", "_")):
                prefixes.append((token, concept))
            elif len(token) >= SUBSTRING_MIN:
                inside.append((token, concept))
            else:
                whole.append((token, concept))
    return _Matcher(
        whole=_index(whole + inside),
        prefix=_alternation([t for t, _ in prefixes], "^"),
        inside=_alternation([t for t, _ in inside], ""),
        concepts=_index(prefixes + inside),
    )


def _alternation(tokens: list[str], anchor: str) -> re.Pattern[str] | None:
    """The tokens as one regular expression factored into a trie (a flat alternation of hundreds of
    tokens is tried token by token at every position), preferring the longest token."""
    if not tokens:
        return None
    trie: dict = {}
    for token in tokens:
        node = trie
        for ch in token:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append("")  # after the longer continuations: the longest match wins
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return re.compile(anchor + emit(trie))


@lru_cache(maxsize=1 << 16)
def _word_concepts(word: str) -> frozenset[int]:
    """Indices of the concepts (``MARKUP_CONCEPTS`` order) whose tokens match one path word."""
    m = _matcher()
    found = m.whole.get(word, frozenset())
    if m.prefix is not None:
        hit = m.prefix.match(word)
        if hit:
            found |= m.concepts[hit.group()]
    if m.inside is not None and len(word) >= SUBSTRING_MIN:
        for hit in m.inside.finditer(word):
            found |= m.concepts[hit.group()]
    return found


def _path_markup(path: tuple[str, ...]) -> list[float]:
    """2 x len(MARKUP_CONCEPTS) numbers: any match per concept, then closeness of the innermost match."""
    k = len(MARKUP_CONCEPTS)
    row = [0.0] * (2 * k)
    n = len(path)
    concepts = list(map(_word_concepts, path))
    for position in compress(range(1, n + 1), concepts):  # the few words that match a concept
        for concept in concepts[position - 1]:
            row[concept] = 1.0
            row[k + concept] = position / n  # later words are nearer; the last match wins
    return row


def _ancestor_row(ancestors: tuple[str, ...]) -> list[float]:
    """The ancestor columns (``_ANCESTOR_COLUMNS``) of one chain of ancestor tags."""
    row = [0.0] * len(_ANCESTOR_COLUMNS)
    for tag in ancestors:
        if tag in _ANCESTOR_INDEX:
            row[_ANCESTOR_INDEX[tag]] = 1.0
    return row


def structure_features(lines: Sequence[Line]) -> np.ndarray:
    """A float32 matrix, one row per line, columns in ``STRUCTURE_FEATURE_NAMES`` order.

    The columns of the lines with a tag are gathered per line and written at once; the ancestor and
    markup columns are worked out once per distinct ancestor chain and class/id path (a page's lines
    share them block by block)."""
    out = np.zeros((len(lines), len(STRUCTURE_FEATURE_NAMES)), dtype=np.float32)
    if not lines:
        return out
    rows = [row for row, line in enumerate(lines) if line.tag]
    if rows:
        tagged = [lines[row] for row in rows]
        other = _COL["s_tag_other"]
        out[rows, 0] = 1.0
        out[rows, [_TAG_COL.get(line.tag, other) for line in tagged]] = 1.0
        flags = np.array(list(map(_FLAGS_OF, tagged)), dtype=bool).reshape(len(rows), len(_FLAGS))
        out[np.ix_(rows, [column for column, _ in _FLAG_COLS])] = flags
        ancestor_rows: dict[tuple[str, ...], int] = {}
        markup_rows: dict[tuple[str, ...], int] = {}
        ancestors = [ancestor_rows.setdefault(line.ancestors, len(ancestor_rows)) for line in tagged]
        markup = [markup_rows.setdefault(line.path, len(markup_rows)) for line in tagged]
        out[rows, _ANCESTOR_START : _ANCESTOR_START + len(_ANCESTOR_COLUMNS)] = np.array(
            [_ancestor_row(chain) for chain in ancestor_rows], dtype=np.float64
        ).reshape(len(ancestor_rows), len(_ANCESTOR_COLUMNS))[ancestors]
        out[rows, _MARKUP_ANY : _MARKUP_ANY + 2 * len(MARKUP_CONCEPTS)] = np.array(
            [_path_markup(path) if path else [0.0] * (2 * len(MARKUP_CONCEPTS)) for path in markup_rows],
            dtype=np.float64,
        )[markup]
    structured = out[:, 0] > 0
    heading = np.fromiter((line.heading for line in lines), dtype=np.float32, count=len(lines))
    link_chars = np.fromiter((line.link_chars for line in lines), dtype=np.float32, count=len(lines))
    length = np.fromiter((len(line.text) for line in lines), dtype=np.float32, count=len(lines))
    depth = np.fromiter((line.depth for line in lines), dtype=np.float32, count=len(lines))
    density = np.minimum(1.0, link_chars / np.maximum(length, 1.0))
    out[:, _COL["s_heading_level"]] = np.where(heading > 0, (7.0 - heading) / 6.0, 0.0)
    out[:, _COL["s_link_density"]] = density
    out[:, _COL["s_link_only"]] = (density >= 0.99) & structured
    deepest = depth.max()
    out[:, _COL["s_relative_depth"]] = depth / deepest if deepest > 0 else 0.0
    out[:, _COL["s_depth"]] = np.minimum(depth, _MAX_DEPTH_SCALE) / _MAX_DEPTH_SCALE
    return out
