"""Composed documents -> realistic HTML pages, for training the HTML head.

A composed document (``linesift compose``; see training_data/README.md) is a list of labelled lines in
reading order. ``render_html`` lays it out as a page of one of several layouts (news, div soup, blog,
forum, shop) with walls in the markup that real consent tools, paywalls, ad-block walls and newsletter
forms inject. The markup is data, in ``training_data/html/`` (facts only: element ids and class names;
every visible word comes from the document).

What is not the signal varies per page: layout, which alternative of each template, the consent tool,
class names (real words, hashed ``css-1x2y3z`` names or none at all), inline links in paragraphs,
walls injected at the end of ``<body>`` instead of where they show, hidden and script noise.

Every visible block holds exactly one document line, so ``segment_html`` gives the lines back one for
one: ``render_and_segment`` checks that and pairs each ``Line`` with its label.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from classifier.dom import segment_html
from classifier.segment import clean_line
from classifier.types import Line

__all__ = ["TEMPLATE_DIR", "RenderError", "Templates", "load_templates", "render_and_segment", "render_html"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "training_data" / "html"
WALLS = ("consent", "paywall", "adblock", "newsletter")
_MODES = (("semantic", 0.55), ("hashed", 0.3), ("bare", 0.15))
_LAYOUT_WEIGHTS = {"divsoup": 0.6}  # others 1.0
_BREADCRUMB = re.compile(r"[›»>/|·]")
_END_PUNCT = re.compile(r"[.!?:;…\"”»)]$")
_QUOTES = '"„“”«»‚‘’「'
_ATTR = re.compile(r'\s(class|id)="([^"]*)"')


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
    """One rendering: choices drawn once from a seeded generator, HTML pieces and emitted lines."""

    def __init__(self, doc: dict[str, Any], seed: int, templates: Templates) -> None:
        self.rng = rng = random.Random(f"{seed}:{doc.get('id', '')}")
        self.doc = doc
        self.templates = templates
        self.lines = [(t, str(x["label"])) for x in doc.get("lines", []) if (t := _norm(x.get("text", "")))]
        kind = doc.get("kind") or "news"
        names = [n for n, lay in templates.layouts.items() if kind in lay.get("kinds", ())] or ["divsoup"]
        self.layout_name = rng.choices(names, [_LAYOUT_WEIGHTS.get(n, 1.0) for n in names])[0]
        self.mode = rng.choices([m for m, _ in _MODES], [w for _, w in _MODES])[0]
        self.hash_style = rng.choice(("css-{}", "sc-{}", "_{}", "{}"))
        self.salt = str(rng.random())
        layout = templates.layouts[self.layout_name]
        self.slots = {k: self._markup(rng.choice(v)) for k, v in layout.items() if k != "kinds"}
        self.out: list[str] = []
        self.emitted: list[tuple[str, str]] = []
        self.closers: list[tuple[str, str]] = []  # (container name, closing markup)
        self.deferred: list[tuple[str, list[str]]] = []

    # -- markup helpers -------------------------------------------------------------------------
    def _markup(self, template: str, vendor: bool = False) -> str:
        """Class and id names as this page writes them: as authored, hashed, or left out."""
        if vendor or self.mode == "semantic":
            return template
        if self.mode == "bare":
            return _ATTR.sub("", template)
        return _ATTR.sub(lambda m: f' {m.group(1)}="{self._hash_names(m.group(2))}"', template)

    def _hash_names(self, value: str) -> str:
        out = []
        for name in value.split():
            digest = hashlib.sha1(f"{self.salt}:{name}".encode()).hexdigest()
            out.append(self.hash_style.format(_base36(int(digest[:10], 16))[:6]))
        return " ".join(out)

    def _fill(self, template: str, text: str = "", inline: bool = False) -> str:
        body = self._inline(text) if inline else htmllib.escape(text, quote=False)
        out = template.replace("{href}", self._href()).replace("{n}", str(self.rng.randint(100, 99999)))
        return out.replace("{text}", body)

    def _href(self) -> str:
        parts = (
            self.rng.choice("abcdefghijklmnopqrstuvwxyz") * 2 + str(self.rng.randint(1, 999))
            for _ in range(self.rng.randint(1, 3))
        )
        return "/" + "/".join(parts)

    def _inline(self, text: str) -> str:
        """Some paragraphs carry a link or emphasis around a few of their words."""
        words = text.split(" ")
        r = self.rng.random()
        if len(words) < 6 or r > 0.45:
            return htmllib.escape(text, quote=False)
        i = self.rng.randrange(0, len(words) - 2)
        j = min(len(words), i + self.rng.randint(1, 4))
        if r < 0.3:
            tag, attrs = "a", f' href="{self._href()}"'
        else:
            tag, attrs = self.rng.choice(("strong", "em", "b")), ""
        parts = [
            htmllib.escape(" ".join(words[:i]), quote=False),
            f"<{tag}{attrs}>" + htmllib.escape(" ".join(words[i:j]), quote=False) + f"</{tag}>",
            htmllib.escape(" ".join(words[j:]), quote=False),
        ]
        return " ".join(p for p in parts if p)

    def _leaf(self, slot: str, text: str, label: str, inline: bool = False) -> None:
        self.out.append(self._fill(self.slots[slot], text, inline))
        self.emitted.append((text, label))

    def _enter(self, name: str, template: str | None = None) -> None:
        """Open container ``name`` (closing any sibling containers opened after its parent)."""
        if self.closers and self.closers[-1][0] == name:
            return
        opening, _, closing = self._fill(template or self.slots[name]).partition("{items}")
        self.out.append(opening)
        self.closers.append((name, closing))

    def _leave(self, *names: str) -> None:
        """Close the innermost containers while they are among ``names``."""
        while self.closers and self.closers[-1][0] in names:
            self.out.append(self.closers.pop()[1])

    # -- the page -------------------------------------------------------------------------------
    def render(self) -> tuple[str, list[tuple[str, str]]]:
        content = [i for i, (_, label) in enumerate(self.lines) if label == "content"]
        first, last = (content[0], content[-1]) if content else (len(self.lines), len(self.lines) - 1)
        runs = [
            (label, [i for i, _ in group])
            for label, group in groupby(enumerate(self.lines), key=lambda item: item[1][1])
        ]
        self._enter("page")
        for label, idx in runs:
            if idx[0] < first:
                self._top(label, idx)
        self._leave("header", "menu", "share")
        self._enter("main")
        self._enter("article")
        self._article([(label, idx) for label, idx in runs if first <= idx[0] <= last], first)
        self._leave("head", "body", "inline_teasers", "share", "list", "article")
        self._bottom([(label, idx) for label, idx in runs if idx[0] > last])
        self._leave(*[name for name, _ in self.closers])
        for kind, texts in self.deferred:
            self._wall(kind, texts)
        return self._document(), self.emitted

    def _texts(self, idx: list[int]) -> list[str]:
        return [self.lines[i][0] for i in idx]

    def _top(self, label: str, idx: list[int]) -> None:
        if label in WALLS:
            self._leave("header", "menu", "share")
            if label in ("consent", "adblock") and self.rng.random() < 0.5:
                self.deferred.append((label, self._texts(idx)))  # injected last, shown on top
            else:
                self._wall(label, self._texts(idx))
            return
        self._enter("header")
        for text in self._texts(idx):
            if label == "navigation" and _BREADCRUMB.search(text):
                self._leave("menu")
                self._leaf("breadcrumb", text, label)
            elif label == "navigation":
                self._leave("share")
                self._enter("menu")
                self._leaf("menu_item", text, label)
            elif label == "social":
                self._leave("menu")
                self._enter("share")
                self._leaf("share_item", text, label)
            else:
                self._leave("menu", "share")
                self._leaf("ad" if label == "advertising" else "misc", text, label)
        self._leave("menu", "share")

    def _article(self, runs: list[tuple[str, list[int]]], first: int) -> None:
        head_done = False
        paragraphs = 0
        for label, idx in runs:
            texts = self._texts(idx)
            if label == "content" and idx[0] == first:
                self._enter("head")
                if len(texts) >= 2 and _words(texts[0]) <= 6 and _words(texts[0]) < _words(texts[1]):
                    self._leaf("kicker", texts.pop(0), label)
                self._leaf("headline", texts.pop(0), label)
                if not texts:
                    continue
            if label == "content":
                if not head_done:
                    self._leave("head")
                    self._enter("body")
                    head_done = True
                    if _words(texts[0]) >= 12 and self.rng.random() < 0.6:
                        self._leaf("lead", texts.pop(0), label)
                paragraphs += self._content(texts)
            elif not head_done and label in ("other", "social"):
                self._leaf_group(label, texts, "share" if label == "social" else None, "meta")
            else:
                if not head_done:
                    self._leave("head")
                    self._enter("body")
                    head_done = True
                self._inserted(label, texts, paragraphs)

    def _content(self, texts: list[str]) -> int:
        """Body lines: runs of short lines become lists, a lone short line a subheading."""
        i = 0
        while i < len(texts):
            j = i
            while j < len(texts) and _words(texts[j]) <= 14:
                j += 1
            if j - i >= 2:
                self._enter("list")
                for text in texts[i:j]:
                    self._leaf("list_item", text, "content")
                self._leave("list")
                i = j
                continue
            text = texts[i]
            if text[:1] in _QUOTES:
                self._leaf("quote", text, "content")
            elif _words(text) <= 10 and not _END_PUNCT.search(text):
                self._leaf("subheading", text, "content")
            else:
                self._leaf("paragraph", text, "content", inline=True)
            i += 1
        return len(texts)

    def _leaf_group(self, label: str, texts: list[str], container: str | None, slot: str) -> None:
        if container:
            self._enter(container)
        for text in texts:
            self._leaf(slot if not container else f"{container}_item", text, label)
        if container:
            self._leave(container)

    def _inserted(self, label: str, texts: list[str], paragraphs: int) -> None:
        """Clutter between body paragraphs: teasers, ads, captions, share bars, walls."""
        if label in WALLS:
            self._wall(label, texts)
        elif label == "navigation":
            self._enter("inline_teasers")
            for text in texts:
                self._leaf("teaser", text, label)
            self._leave("inline_teasers")
        elif label == "social":
            self._leaf_group(label, texts, "share", "share_item")
        elif label == "advertising":
            for text in texts:
                self._leaf("ad", text, label)
        else:
            for text in texts:
                self._leaf("meta" if paragraphs == 0 else "caption", text, label)

    def _bottom(self, runs: list[tuple[str, list[int]]]) -> None:
        nav_after = [k for k, (label, _) in enumerate(runs) if label == "navigation"]
        between_teasers = {  # one date between teasers belongs to the teaser list
            k
            for k in range(1, len(runs) - 1)
            if runs[k][0] == "other" and len(runs[k][1]) == 1 and runs[k + 1][0] == "navigation"
        }
        others = [k for k, (label, _) in enumerate(runs) if label == "other"]
        footer = others[-1] if others and (not nav_after or others[-1] > nav_after[-1]) else None
        self._enter("after")
        for k, (label, idx) in enumerate(runs):
            texts = self._texts(idx)
            if k == footer:
                self._leave("after", "related", "comments")
                self._leave(*[name for name, _ in self.closers if name != "page"])
                self._enter("footer")
                for text in texts:
                    self._leaf("footer_item", text, label)
                self._leave("footer")
            elif label in WALLS:
                self._leave("related", "comments")
                self._wall(label, texts)
            elif label == "navigation":
                self._leave("comments")
                for text in texts:
                    if _words(text) <= 4:
                        self._leave("related")
                        self._leaf("more", text, label)
                    else:
                        self._enter("related")
                        self._leaf("related_item", text, label)
            elif k in between_teasers:
                self._leaf("teaser_meta", texts[0], label)  # a teaser's date, inside the list
            elif label == "other":
                self._leave("related")
                self._enter("comments")
                for text in texts:
                    self._leaf("comment", text, label)
                self._leave("comments")
            else:
                self._leave("related", "comments")
                if label == "social":
                    self._leaf_group(label, texts, "share", "share_item")
                else:
                    for text in texts:
                        self._leaf("ad" if label == "advertising" else "misc", text, label)
        self._leave("related", "comments", "after")

    # -- walls ----------------------------------------------------------------------------------
    def _wall(self, kind: str, texts: list[str]) -> None:
        choices = self.templates.walls[kind]
        vendors = [t for t in choices if t["vendor"]]
        own = [t for t in choices if not t["vendor"]]
        pick = vendors if vendors and (not own or self.rng.random() < 0.6) else own
        template = self.rng.choice(pick)
        vendor = bool(template["vendor"])
        text_slot = self._markup(self.rng.choice(template["text"]), vendor)
        buttons = list(template["button"])
        self.rng.shuffle(buttons)
        opening, _, closing = self._fill(self._markup(template["frame"], vendor)).partition("{items}")
        self.out.append(opening)
        for role, group in groupby(enumerate(_roles(kind, texts, "field" in template)), key=lambda x: x[1]):
            items = [texts[i] for i, _ in group]
            if role == "button":
                wrap_open, _, wrap_close = self._markup(template["buttons"], vendor).partition("{items}")
                self.out.append(wrap_open)
                for n, text in enumerate(items):
                    self.out.append(self._fill(self._markup(buttons[n % len(buttons)], vendor), text))
                    self.emitted.append((text, kind))
                self.out.append(wrap_close)
                continue
            for text in items:
                slot = {
                    "title": self.rng.choice(template["title"]),
                    "text": text_slot,
                    "field": template.get("field", [""])[0],
                }[role]
                self.out.append(self._fill(self._markup(slot, vendor), text))
                self.emitted.append((text, kind))
        self.out.append(closing)

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
            + "\n".join(self.out)
            + "\n"
            + "".join(tail)
            + "\n</body></html>\n"
        )


def _roles(kind: str, texts: list[str], has_field: bool) -> Iterator[str]:
    """title / text / field / button for each line of a wall, from its length and place."""
    short = [len(t) <= 32 and _words(t) <= 4 for t in texts]
    field = has_field
    for i, text in enumerate(texts):
        if i == 0 and len(texts) > 1 and _words(text) <= 12:
            yield "title"
        elif short[i] and i > 0:
            if field and i + 1 < len(texts) and short[i + 1]:
                field = False
                yield "field"  # the e-mail box's label, before the button
            else:
                yield "button"
        else:
            yield "text"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"
