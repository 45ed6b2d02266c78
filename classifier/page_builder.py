"""One composed page, laid out from a site kit the way a browser's ``innerText`` shows it.

``compose_kit`` makes several pages of each article of a kit; ``PageBuilder.build`` lays out one of
them as a sequence of steps: the site's walls placed at the top, the bottom or between paragraphs, now
and then a stray wall from the wall sets, fragments of the site's walls between paragraphs, the header,
the article's head and its body with clutter between the paragraphs, and the footer. What varies is what is
not the signal: how much chrome shows, which of the kit's lines and how many, teasers and ads between
paragraphs, hard paywalls that cut the body, sentences broken where a link was, the casing of buttons.

All randomness comes from the kit's seeded generator, drawn in the order the page is built; machine
strings and repeated article lines come from generators of their own, seeded by the page.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from classifier.machine import machine_run
from classifier.types import Label

__all__ = ["REPEAT_ECHO", "PageBuilder"]

REPEAT_ECHO = 0.5
"""The share of pages that show one to three short lines of their article twice (``_repeats``)."""
_REPEATABLE = ("h", "li", "row", "code", "step")
_WALLS = ("consent", "paywall", "adblock", "newsletter")
_BODY_LABELS = {
    "p": Label.CONTENT,
    "h": Label.CONTENT,
    "quote": Label.CONTENT,
    "li": Label.CONTENT,
    "code": Label.CONTENT,
    "row": Label.CONTENT,
    "step": Label.CONTENT,
    "qa": Label.CONTENT,
    "teaser": Label.NAVIGATION,
    "nav": Label.NAVIGATION,
    "caption": Label.OTHER,
    "meta": Label.OTHER,
    "ad": Label.ADVERTISING,
}

_Labelled = list[tuple[str, Label]]


@dataclass
class _Walls:
    """A page's walls by where they show: above the page, below it, or between paragraphs (each block
    of ``middle`` placed by ``PageBuilder._between``)."""

    top: _Labelled = field(default_factory=list)
    bottom: _Labelled = field(default_factory=list)
    middle: list[_Labelled] = field(default_factory=list)


class PageBuilder:
    """Builds one page from a kit; all randomness comes from the kit's seeded ``rng``."""

    def __init__(
        self,
        kit: dict[str, Any],
        rng: random.Random,
        stray: Sequence[dict[str, Any]],
        *,
        glue: bool = True,
        repeats: bool = True,
    ) -> None:
        self.kit = kit
        self.rng = rng
        self.stray = stray
        self.glue = glue
        self.repeats = repeats

    # -- pieces ---------------------------------------------------------------------------------
    def _list(self, *keys: str) -> list[Any]:
        node: Any = self.kit
        for key in keys:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return [x for x in node if x] if isinstance(node, list) else []

    def _sample(self, items: list[Any], low: int, high: int) -> list[Any]:
        if not items:
            return []
        k = min(len(items), self.rng.randint(low, high))
        start = self.rng.randrange(0, len(items) - k + 1)
        if self.rng.random() < 0.5:
            return items[start : start + k]
        return self.rng.sample(items, k)

    def _banner(self, category: str, source: dict[str, Any] | None = None) -> _Labelled:
        banners = [b for b in (source or self.kit).get(category, []) if b]
        if not banners:
            return []
        banner = self.rng.choice(banners)
        if isinstance(banner, str):
            banner = [banner]
        label = Label(category)
        out: _Labelled = []
        for text in banner:
            out.extend((piece, label) for piece in self._vary(text))
        return out

    def _vary(self, text: str) -> list[str]:
        """Casing of buttons and sentence breaks where a link was, as innerText shows them."""
        r = self.rng.random()
        words = text.split()
        if len(words) == 1 and len(text) > 12:  # an unspaced script: cut by characters
            if r < 0.2:
                cut = self.rng.randint(4, len(text) - 4)
                return [text[:cut], text[cut:]]
            return [text]
        if len(words) <= 3 and r < 0.15:
            return [text.upper()]
        if len(words) <= 3 and r < 0.25:
            return [text.lower()]
        if len(words) >= 12 and r < 0.2:
            cut = self.rng.randint(3, len(words) - 3)
            return [" ".join(words[:cut]), " ".join(words[cut:])]
        return [text]

    def _labelled(self, items: list[str], label: Label) -> _Labelled:
        return [(t, label) for t in items]

    def _links(self, items: list[str], label: Label, glued: float = 0.2) -> _Labelled:
        """A row of links. innerText often drops the separators of inline links, so now and then the
        row comes out as runs of items run together ("HomeWorldSportMoney"). Without ``glue`` (pages
        to be rendered as HTML, where each link is its own element) the same draws keep them apart."""
        if len(items) < 2 or self.rng.random() >= glued:
            return self._labelled(items, label)
        out: _Labelled = []
        start = 0
        while start < len(items):
            end = start + self.rng.randint(2, 8)
            run = items[start:end]
            out += [("".join(run), label)] if self.glue else self._labelled(run, label)
            start = end
        return out

    def _teasers(self, low: int, high: int) -> _Labelled:
        out: _Labelled = []
        dates = self._list("other", "dates")
        for teaser in self._sample(self._list("navigation", "teasers"), low, high):
            out.append((teaser, Label.NAVIGATION))
            if dates and self.rng.random() < 0.15:
                out.append((self.rng.choice(dates), Label.OTHER))
        return out

    # -- page ------------------------------------------------------------------------------------
    def build(self, article: dict[str, Any], variant: int) -> _Labelled:
        # Variant 0 is a full page, 1 a lighter one, 2 often just walls around the article (the
        # text a reader extension or a crawler's main-area dump sees).
        chrome = (1.0, 0.6, 0.25)[variant % 3]
        key = f"{article.get('headline', '')}:{variant}"
        walls = _Walls()
        self._site_walls(walls)
        self._stray_wall(walls)
        self._wall_fragments(walls)
        header = self._header(chrome)
        head = self._head(article, chrome)
        body = self._body(article, chrome, walls.middle)
        body = self._repeats(article, body, key)
        footer = self._footer(chrome)
        self._machine_strings(header, footer, key)
        return walls.top + header + head + body + footer + walls.bottom

    def _site_walls(self, walls: _Walls) -> None:
        """Some of the site's own walls, each at the top, at the bottom or between paragraphs."""
        rng = self.rng
        kinds = [w for w in _WALLS if self._list(w) and rng.random() < (0.55 if w == "consent" else 0.35)]
        for kind in kinds:
            banner = self._banner(kind)
            where = rng.random()
            if kind == "newsletter":
                if where < 0.5:
                    walls.middle.append(banner)
                else:
                    walls.bottom.extend(banner)
            elif where < 0.55:
                walls.top.extend(banner)
            elif where < 0.8:
                walls.bottom.extend(banner)
            else:
                walls.middle.append(banner)

    def _stray_wall(self, walls: _Walls) -> None:
        """A stray wall from the wall sets (often in another language: vendors guess the language),
        or a few lines of one, anywhere on the page."""
        rng = self.rng
        if not self.stray or rng.random() >= 0.45:
            return
        source = rng.choice(self.stray)
        category = rng.choice([w for w in _WALLS if source.get(w)] or ["consent"])
        banner = self._banner(category, source)
        if banner and rng.random() < 0.5:
            start = rng.randrange(len(banner))
            banner = banner[start : start + rng.randint(1, 3)]
        where = rng.random()
        if where < 0.4:
            walls.top[:0] = banner
        elif where < 0.6:
            walls.bottom.extend(banner)
        else:
            walls.middle.append(banner)

    def _wall_fragments(self, walls: _Walls) -> None:
        """Fragments of the site's own walls between paragraphs ("Subscribe today!"), 1-3 per page."""
        rng = self.rng
        own = [w for w in _WALLS if self._list(w)]
        if not own or rng.random() >= 0.5:
            return
        for _ in range(rng.randint(1, 3)):
            banner = self._banner(rng.choice(own))
            start = rng.randrange(len(banner)) if banner else 0
            walls.middle.append(banner[start : start + rng.randint(1, 2)])

    def _header(self, chrome: float) -> _Labelled:
        """The menu and a breadcrumb trail, each on a share of the pages that grows with ``chrome``."""
        rng = self.rng
        header: _Labelled = []
        if rng.random() < chrome:
            header += self._links(self._sample(self._list("navigation", "menu"), 5, 40), Label.NAVIGATION)
        if rng.random() < chrome * 0.6:
            header += self._labelled(
                self._sample(self._list("navigation", "breadcrumbs"), 1, 1), Label.NAVIGATION
            )
        return header

    def _head(self, article: dict[str, Any], chrome: float) -> _Labelled:
        """Kicker, headline, byline and date (before or after the lead), share buttons, lead."""
        rng = self.rng
        head: _Labelled = []
        if article.get("kicker") and rng.random() < 0.8:
            head.append((article["kicker"], Label.CONTENT))
        head.append((article["headline"], Label.CONTENT))
        meta = self._labelled(self._sample(self._list("other", "bylines"), 0, 1), Label.OTHER)
        meta += self._labelled(self._sample(self._list("other", "dates"), 0, 1), Label.OTHER)
        if rng.random() < 0.5:
            head += meta
            meta = []
        if rng.random() < chrome * 0.5:
            head += self._labelled(self._sample(self._list("social"), 1, 4), Label.SOCIAL)
        if article.get("lead"):
            head.append((article["lead"], Label.CONTENT))
        head += meta
        return head

    def _body(self, article: dict[str, Any], chrome: float, middle: list[_Labelled]) -> _Labelled:
        """The article's lines with walls and clutter between them, or cut short by a hard paywall."""
        rng = self.rng
        items = _body_items(article)
        # A hard paywall: the body stops after a few paragraphs and the offer follows.
        paywalls = self._list("paywall")
        if paywalls and rng.random() < 0.15 and len(items) > 4:
            cut = rng.randint(2, max(2, len(items) // 2))
            return items[:cut] + self._banner("paywall")
        extra = self._between(article, chrome, middle, len(items))
        out: _Labelled = []
        for position, item in enumerate(items):
            out.extend(extra.get(position, []))
            out.append(item)
        out.extend(extra.get(len(items), []))
        return out

    def _between(
        self, article: dict[str, Any], chrome: float, middle: list[_Labelled], gaps: int
    ) -> dict[int, _Labelled]:
        """What shows before the body line at each position: the walls of ``middle``, teasers, an ad,
        a caption."""
        rng = self.rng
        extra: dict[int, _Labelled] = {}
        for banner in middle:
            extra.setdefault(rng.randint(1, max(1, gaps - 1)), []).extend(banner)
        # Teasers (related articles, galleries) sit between sections more often than not: a
        # headline-like line right before a subheading is the pattern to learn.
        sections = [i for i, item in enumerate(article.get("body", [])) if item and item[0] == "h" and i > 0]
        for _ in range(rng.choice((0, 1, 1, 2)) if rng.random() < max(chrome, 0.5) else 0):
            where = (
                rng.choice(sections) if sections and rng.random() < 0.6 else rng.randint(1, max(1, gaps - 1))
            )
            extra.setdefault(where, []).extend(self._teasers(1, 2 if rng.random() < 0.3 else 1))
        if rng.random() < chrome * 0.5:
            ads = self._sample(self._list("advertising"), 1, 1)
            extra.setdefault(rng.randint(1, max(1, gaps - 1)), []).extend(
                self._labelled(ads, Label.ADVERTISING)
            )
        if rng.random() < chrome * 0.4:
            caps = self._sample(self._list("other", "captions"), 1, 1)
            extra.setdefault(rng.randint(0, max(0, gaps - 1)), []).extend(self._labelled(caps, Label.OTHER))
        return extra

    def _footer(self, chrome: float) -> _Labelled:
        """Share links, more links and teasers, comments, an ad and the footer's links, each on a share
        of the pages that grows with ``chrome``."""
        rng = self.rng
        footer: _Labelled = []
        if rng.random() < chrome * 0.6:
            footer += self._links(self._sample(self._list("social"), 1, 5), Label.SOCIAL)
        if rng.random() < chrome * 0.8:
            footer += self._labelled(self._sample(self._list("navigation", "more"), 1, 2), Label.NAVIGATION)
            footer += self._teasers(3, 10)
        if rng.random() < chrome * 0.5:
            footer += self._labelled(self._sample(self._list("other", "comments"), 2, 12), Label.OTHER)
        if rng.random() < chrome * 0.5:
            footer += self._labelled(self._sample(self._list("advertising"), 1, 2), Label.ADVERTISING)
        if rng.random() < chrome:
            footer += self._links(self._sample(self._list("other", "footer"), 3, 20), Label.OTHER, glued=0.3)
        return footer

    def _machine_strings(self, header: _Labelled, footer: _Labelled, key: str) -> None:
        """Runs of machine strings (``machine.py``) in the chrome of about a third of the pages, drawn
        from a generator of their own so that the rest of the page is drawn as it was without them."""
        rng = random.Random(f"machine:{self.kit['site']}:{key}")
        if rng.random() >= 0.35:
            return
        for _ in range(rng.randint(1, 3)):
            run = [(text, Label.OTHER) for text in machine_run(rng, self.kit["site"].split("-", 1)[-1])]
            target = header if rng.random() < 0.4 else footer
            at = rng.randint(0, len(target))
            target[at:at] = run

    def _repeats(self, article: dict[str, Any], body: _Labelled, key: str) -> _Labelled:
        """On a share of the pages (``REPEAT_ECHO``), one to three of the article's subheadings, list
        items, table rows, steps or code lines shown a second time, after another of its lines: the
        "Pros" of every product reviewed, the same row in two tables, the same import in two
        snippets. Without them every repeated line of our pages was chrome (menus, buttons) and the
        model read any repeat as chrome, while on real pages a repeated line of four words or more
        is mostly the article's (docs/journal/quality-log.md, session 13). Drawn from a generator of
        their own, so that the rest of the page is drawn as it was without them."""
        rng = random.Random(f"repeats:{self.kit['site']}:{key}")
        items = [
            item[1]
            for item in article.get("body", [])
            if isinstance(item, list) and len(item) == 2 and item[0] in _REPEATABLE and item[1]
        ]
        after = [i for i, (_, label) in enumerate(body) if label is Label.CONTENT]
        if not self.repeats or not items or not after or rng.random() >= REPEAT_ECHO:
            return body
        out = list(body)
        for text in rng.sample(items, min(len(items), rng.randint(1, 3))):
            at = rng.choice(after) + 1
            out.insert(at, (text, Label.CONTENT))
            after = [i + (i >= at) for i in after]
        return out


def _body_items(article: dict[str, Any]) -> _Labelled:
    """The article's body lines, each labelled by its kind (``_BODY_LABELS``; content if unknown)."""
    items: _Labelled = []
    for item in article.get("body", []):
        if not isinstance(item, list) or len(item) != 2 or not item[1]:
            continue
        kind, text = item
        label = _BODY_LABELS.get(kind, Label.CONTENT)
        items.append((text, label))
    return items
