"""Composed documents -> realistic HTML pages, for training the HTML head.

A composed document (``linesift compose``; see training_data/README.md) is a list of labelled lines in
reading order. ``render_html`` lays it out as a page of one of several layouts (news, div soup, blog,
forum, shop) with walls in the markup that real consent tools, paywalls, ad-block walls and newsletter
forms inject. The markup is data, in ``training_data/html/`` (facts only: element ids and class names;
every visible word comes from the document).

What is not the signal varies per page: layout, which alternative of each template, the consent tool,
class names (real words, hashed ``css-1x2y3z`` names or none at all), inline links in paragraphs,
walls injected at the end of ``<body>`` instead of where they show, hidden and script noise.

This module decides which slot of the layout each line takes; ``page_markup.py`` writes the slots (class
names as authored, hashed or left out) and ``wall_markup.py`` the walls.

Every visible block holds exactly one document line, so ``segment_html`` gives the lines back one for
one: ``render_and_segment`` checks that and pairs each ``Line`` with its label.
"""

from __future__ import annotations

import html as htmllib
import json
import random
import re
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from classifier.dom import segment_html
from classifier.page_markup import PageMarkup
from classifier.segment import clean_line
from classifier.types import Line
from classifier.wall_markup import write_wall

__all__ = ["TEMPLATE_DIR", "RenderError", "Templates", "load_templates", "render_and_segment", "render_html"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "training_data" / "html"
WALLS = ("consent", "paywall", "adblock", "newsletter")
_LAYOUT_WEIGHTS = {"divsoup": 0.6}  # others 1.0
_BREADCRUMB = re.compile(r"[›»>/|·]")
_END_PUNCT = re.compile(r"[.!?:;…\"”»)]$")
_QUOTES = '"„“”«»‚‘’「'


class RenderError(ValueError):
    """A rendered page does not segment back into its document's lines (a template bug)."""


@dataclass(frozen=True)
class Templates:
    layouts: dict[str, dict[str, Any]]
    walls: dict[str, list[dict[str, Any]]]


@cache
def load_templates(directory: Path = TEMPLATE_DIR) -> Templates:
    layouts = json.loads((directory / "layouts.json").read_text(encoding="utf-8"))
    walls = json.loads((directory / "walls.json").read_text(encoding="utf-8"))
    return Templates(layouts=layouts, walls=walls)


def render_html(doc: dict[str, Any], *, seed: int, templates: Templates | None = None) -> str:
    """The document as an HTML page; the same document and seed give the same bytes."""
    return _Page(doc, seed, templates or load_templates()).render()[0]


def render_and_segment(
    doc: dict[str, Any], *, seed: int, templates: Templates | None = None
) -> list[tuple[Line, str]]:
    """Render ``doc``, segment the page, and pair each line with its label (in page order).

    Raises ``RenderError`` when the segmented lines are not exactly the rendered ones.
    """
    page, emitted = _Page(doc, seed, templates or load_templates()).render()
    lines = segment_html(page)
    got = [line.text for line in lines]
    want = [text for text, _ in emitted]
    if got != want:
        at = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want))
        )
        raise RenderError(
            f"{doc.get('id')}: seed {seed}: line {at + 1} segments as "
            f"{got[at] if at < len(got) else None!r}, rendered {want[at] if at < len(want) else None!r}"
        )
    return [(line, label) for line, (_, label) in zip(lines, emitted, strict=True)]


def _norm(text: str) -> str:
    return clean_line(" ".join(str(text).split()))


def _words(text: str) -> int:
    return len(text.split())


class _Page:
    """One rendering: choices drawn once from a seeded generator, the page's parts written in order."""

    def __init__(self, doc: dict[str, Any], seed: int, templates: Templates) -> None:
        self.rng = rng = random.Random(f"{seed}:{doc.get('id', '')}")
        self.doc = doc
        self.templates = templates
        self.lines = [(t, str(x["label"])) for x in doc.get("lines", []) if (t := _norm(x.get("text", "")))]
        kind = doc.get("kind") or "news"
        names = [n for n, lay in templates.layouts.items() if kind in lay.get("kinds", ())] or ["divsoup"]
        self.layout_name = rng.choices(names, [_LAYOUT_WEIGHTS.get(n, 1.0) for n in names])[0]
        self.markup = PageMarkup(rng, templates.layouts[self.layout_name])
        self.deferred: list[tuple[str, list[str]]] = []

    # -- the page -------------------------------------------------------------------------------
    def render(self) -> tuple[str, list[tuple[str, str]]]:
        markup = self.markup
        content = [i for i, (_, label) in enumerate(self.lines) if label == "content"]
        first, last = (content[0], content[-1]) if content else (len(self.lines), len(self.lines) - 1)
        runs = [
            (label, [i for i, _ in group])
            for label, group in groupby(enumerate(self.lines), key=lambda item: item[1][1])
        ]
        markup.enter("page")
        for label, idx in runs:
            if idx[0] < first:
                self._top(label, idx)
        markup.leave("header", "menu", "share")
        markup.enter("main")
        markup.enter("article")
        self._article([(label, idx) for label, idx in runs if first <= idx[0] <= last], first)
        markup.leave("head", "body", "inline_teasers", "share", "list", "article")
        self._bottom([(label, idx) for label, idx in runs if idx[0] > last])
        markup.leave_all()
        for kind, texts in self.deferred:
            self._wall(kind, texts)
        return self._document(), markup.emitted

    def _texts(self, idx: list[int]) -> list[str]:
        return [self.lines[i][0] for i in idx]

    def _wall(self, kind: str, texts: list[str]) -> None:
        write_wall(self.markup, self.templates.walls[kind], kind, texts)

    # -- above the article ----------------------------------------------------------------------
    def _top(self, label: str, idx: list[int]) -> None:
        markup = self.markup
        if label in WALLS:
            markup.leave("header", "menu", "share")
            if label in ("consent", "adblock") and self.rng.random() < 0.5:
                self.deferred.append((label, self._texts(idx)))  # injected last, shown on top
            else:
                self._wall(label, self._texts(idx))
            return
        markup.enter("header")
        for text in self._texts(idx):
            if label == "navigation" and _BREADCRUMB.search(text):
                markup.leave("menu")
                markup.leaf("breadcrumb", text, label)
            elif label == "navigation":
                markup.leave("share")
                markup.enter("menu")
                markup.leaf("menu_item", text, label)
            elif label == "social":
                markup.leave("menu")
                markup.enter("share")
                markup.leaf("share_item", text, label)
            else:
                markup.leave("menu", "share")
                markup.leaf("ad" if label == "advertising" else "misc", text, label)
        markup.leave("menu", "share")

    # -- the article ----------------------------------------------------------------------------
    def _article(self, runs: list[tuple[str, list[int]]], first: int) -> None:
        head_done = False
        paragraphs = 0
        for label, idx in runs:
            texts = self._texts(idx)
            if label == "content" and idx[0] == first:
                texts = self._head(texts)
                if not texts:
                    continue
            if label == "content":
                if not head_done:
                    self._start_body()
                    head_done = True
                    if _words(texts[0]) >= 12 and self.rng.random() < 0.6:
                        self.markup.leaf("lead", texts.pop(0), label)
                paragraphs += self._content(texts)
            elif not head_done and label in ("other", "social"):
                self.markup.leaf_group(label, texts, "share" if label == "social" else None, "meta")
            else:
                if not head_done:
                    self._start_body()
                    head_done = True
                self._inserted(label, texts, paragraphs)

    def _head(self, texts: list[str]) -> list[str]:
        """The headline, after a kicker when a short line comes before a longer one; the lines left."""
        markup = self.markup
        markup.enter("head")
        if len(texts) >= 2 and _words(texts[0]) <= 6 and _words(texts[0]) < _words(texts[1]):
            markup.leaf("kicker", texts[0], "content")
            texts = texts[1:]
        markup.leaf("headline", texts[0], "content")
        return texts[1:]

    def _start_body(self) -> None:
        self.markup.leave("head")
        self.markup.enter("body")

    def _content(self, texts: list[str]) -> int:
        """Body lines: runs of short lines become lists, a lone short line a subheading."""
        markup = self.markup
        i = 0
        while i < len(texts):
            j = i
            while j < len(texts) and _words(texts[j]) <= 14:
                j += 1
            if j - i >= 2:
                markup.enter("list")
                for text in texts[i:j]:
                    markup.leaf("list_item", text, "content")
                markup.leave("list")
                i = j
                continue
            text = texts[i]
            if text[:1] in _QUOTES:
                markup.leaf("quote", text, "content")
            elif _words(text) <= 10 and not _END_PUNCT.search(text):
                markup.leaf("subheading", text, "content")
            else:
                markup.leaf("paragraph", text, "content", inline=True)
            i += 1
        return len(texts)

    def _inserted(self, label: str, texts: list[str], paragraphs: int) -> None:
        """Clutter between body paragraphs: teasers, ads, captions, share bars, walls."""
        markup = self.markup
        if label in WALLS:
            self._wall(label, texts)
        elif label == "navigation":
            markup.enter("inline_teasers")
            for text in texts:
                markup.leaf("teaser", text, label)
            markup.leave("inline_teasers")
        elif label == "social":
            markup.leaf_group(label, texts, "share", "share_item")
        elif label == "advertising":
            for text in texts:
                markup.leaf("ad", text, label)
        else:
            for text in texts:
                markup.leaf("meta" if paragraphs == 0 else "caption", text, label)

    # -- after the article ----------------------------------------------------------------------
    def _bottom(self, runs: list[tuple[str, list[int]]]) -> None:
        markup = self.markup
        footer = _footer_run(runs)
        teaser_dates = _teaser_dates(runs)
        markup.enter("after")
        for k, (label, idx) in enumerate(runs):
            texts = self._texts(idx)
            if k == footer:
                self._footer(label, texts)
            elif label in WALLS:
                markup.leave("related", "comments")
                self._wall(label, texts)
            elif label == "navigation":
                self._related(label, texts)
            elif k in teaser_dates:
                markup.leaf("teaser_meta", texts[0], label)  # a teaser's date, inside the list
            elif label == "other":
                self._comments(label, texts)
            else:
                markup.leave("related", "comments")
                if label == "social":
                    markup.leaf_group(label, texts, "share", "share_item")
                else:
                    for text in texts:
                        markup.leaf("ad" if label == "advertising" else "misc", text, label)
        markup.leave("related", "comments", "after")

    def _footer(self, label: str, texts: list[str]) -> None:
        """The footer, after every container but the page has closed."""
        markup = self.markup
        markup.leave("after", "related", "comments")
        markup.leave_all(but="page")
        markup.enter("footer")
        for text in texts:
            markup.leaf("footer_item", text, label)
        markup.leave("footer")

    def _comments(self, label: str, texts: list[str]) -> None:
        markup = self.markup
        markup.leave("related")
        markup.enter("comments")
        for text in texts:
            markup.leaf("comment", text, label)
        markup.leave("comments")

    def _related(self, label: str, texts: list[str]) -> None:
        """Links after the article: short ones ("More news") on their own, longer ones in a list."""
        markup = self.markup
        markup.leave("comments")
        for text in texts:
            if _words(text) <= 4:
                markup.leave("related")
                markup.leaf("more", text, label)
            else:
                markup.enter("related")
                markup.leaf("related_item", text, label)

    # -- the document around the body -----------------------------------------------------------
    def _document(self) -> str:
        rng = self.rng
        lang = self.doc.get("lang") or ""
        labels = {label for _, label in self.lines}
        headline = next((t for t, label in self.lines if label == "content"), "")
        head = [
            '<meta charset="utf-8">',
            f"<title>{htmllib.escape(headline, quote=False)}</title>",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
        ]
        if rng.random() < 0.6:
            og_type = "product" if self.layout_name == "shop" else "article"
            head.append(f'<meta property="og:type" content="{og_type}">')
        free = False if "paywall" in labels and rng.random() < 0.5 else True if rng.random() < 0.2 else None
        if free is not None:
            data = {"@context": "https://schema.org", "@type": "NewsArticle", "isAccessibleForFree": free}
            head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
        head.append("<style>.hidden{display:none}</style>")
        tail = ["<script>window.dataLayer=window.dataLayer||[];</script>"]
        menu = [t for t, label in self.lines if label == "navigation"][:6]
        if menu and rng.random() < 0.3:  # a collapsed mobile menu: hidden, so not lines
            items = "".join(f"<li><a href='#'>{htmllib.escape(t, quote=False)}</a></li>" for t in menu)
            tail.insert(0, f'<div class="mobile-menu" hidden><ul>{items}</ul></div>')
        html_attr = f' lang="{htmllib.escape(lang)}"' if lang and rng.random() < 0.85 else ""
        return (
            f"<!DOCTYPE html>\n<html{html_attr}><head>{''.join(head)}</head>\n<body>\n"
            + "\n".join(self.markup.out)
            + "\n"
            + "".join(tail)
            + "\n</body></html>\n"
        )


def _footer_run(runs: list[tuple[str, list[int]]]) -> int | None:
    """The footer's run: the last "other" run after the article, unless links come after it."""
    nav_after = [k for k, (label, _) in enumerate(runs) if label == "navigation"]
    others = [k for k, (label, _) in enumerate(runs) if label == "other"]
    return others[-1] if others and (not nav_after or others[-1] > nav_after[-1]) else None


def _teaser_dates(runs: list[tuple[str, list[int]]]) -> set[int]:
    """Lone "other" lines right before a teaser: a teaser's date, which stays inside the teaser list."""
    return {
        k
        for k in range(1, len(runs) - 1)
        if runs[k][0] == "other" and len(runs[k][1]) == 1 and runs[k + 1][0] == "navigation"
    }
