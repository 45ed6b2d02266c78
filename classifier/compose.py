"""Authored site kits -> labelled page documents, deterministically.

A kit (``training_data/sites/<lang>.jsonl``, schema in ``training_data/README.md``) holds one imagined
site's chrome, walls and articles. ``compose_kit`` lays each article out as several pages the way a
browser's ``innerText`` shows them, varying what is not the signal: how much chrome shows, where the
banners sit (top, bottom, middle, several, none), teasers and ads between paragraphs, hard paywalls that
cut the body, sentences broken where a link was, the casing of buttons. A kit's pages only ever use that
kit's text, so a split by ``group`` keeps all of a site's text on one side.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.machine import machine_run
from classifier.types import Label

PAGES_PER_ARTICLE = 3
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


@dataclass(frozen=True, slots=True)
class Document:
    """One composed page: labelled lines of one kit (group)."""

    id: str
    lang: str
    group: str
    kind: str
    lines: tuple[tuple[str, Label], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "group": self.group,
            "kind": self.kind,
            "lines": [{"text": t, "label": str(lab)} for t, lab in self.lines],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, raw: str | dict[str, Any]) -> Document:
        obj = json.loads(raw) if isinstance(raw, str) else raw
        return cls(
            id=obj["id"],
            lang=obj["lang"],
            group=obj["group"],
            kind=obj.get("kind", ""),
            lines=tuple((x["text"], Label(x["label"])) for x in obj["lines"]),
        )


def read_kits(sites_dir: Path) -> list[dict[str, Any]]:
    """All kits under ``sites_dir``, in file-name then line order (the order is part of the hash)."""
    kits: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(sites_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                kit = json.loads(raw)
                site = kit.get("site")
                if not site or site in seen:
                    raise ValueError(f"{path}:{number}: missing or duplicate site id {site!r}")
                seen.add(site)
                kits.append(kit)
    return kits


def read_walls(walls_dir: Path) -> list[dict[str, Any]]:
    """Wall sets (``training_data/walls/<lang>.jsonl``): banners of many languages, no articles."""
    walls: list[dict[str, Any]] = []
    for path in sorted(walls_dir.glob("*.jsonl")) if walls_dir.is_dir() else []:
        with path.open(encoding="utf-8") as handle:
            walls.extend(json.loads(raw) for raw in handle if raw.strip())
    return walls


FOLDS = 4
"""Validation folds: sites and wall sets are dealt into the same number of folds (see ``fold_of``)."""


def fold_of(names: Iterable[str], folds: int = FOLDS) -> dict[str, int]:
    """Deal names (sites or wall-set groups) into ``folds`` folds, in sorted order, round robin."""
    return {name: i % folds for i, name in enumerate(sorted(set(names)))}


def compose_all(
    kits: Iterable[dict[str, Any]],
    *,
    walls: Sequence[dict[str, Any]] = (),
    pages_per_article: int = PAGES_PER_ARTICLE,
    folds: int = FOLDS,
    glue: bool = True,
    pairing: int = 0,
    repeats: bool = True,
) -> list[Document]:
    """Every kit's pages. Some pages also carry a banner from ``walls`` (often in another language,
    the way consent tools and paywall vendors show their strings in whatever language they guess).

    Sites and wall sets are dealt into the same ``folds`` (``fold_of``), and a site's pages only draw
    wall sets of its own fold: validated by those folds, no wall text is seen on both sides of a split,
    so the text layer's out-of-fold evidence for a wall line is as unsure as it will be on a new page.
    ``pairing`` deals the wall sets that many folds further round: the same kits meet other wall sets.
    ``repeats``: whether some pages show short article lines twice (``_PageBuilder._repeats``).
    """
    kits = list(kits)
    site_fold = fold_of((kit["site"] for kit in kits), folds)
    wall_fold = {g: (f + pairing) % folds for g, f in fold_of((w["group"] for w in walls), folds).items()}
    docs: list[Document] = []
    for kit in kits:
        own = [w for w in walls if wall_fold[w["group"]] == site_fold[kit["site"]]]
        docs.extend(
            compose_kit(kit, walls=own, pages_per_article=pages_per_article, glue=glue, repeats=repeats)
        )
    return docs


def compose_kit(
    kit: dict[str, Any],
    *,
    walls: Sequence[dict[str, Any]] = (),
    pages_per_article: int = PAGES_PER_ARTICLE,
    glue: bool = True,
    repeats: bool = True,
) -> Iterator[Document]:
    seed = int.from_bytes(hashlib.sha256(kit["site"].encode()).digest()[:8], "big")
    rng = random.Random(seed)
    stray = list(walls)
    number = 0
    for article in kit.get("articles", []):
        for variant in range(pages_per_article):
            number += 1
            lines = _PageBuilder(kit, rng, stray, glue=glue, repeats=repeats).build(article, variant)
            yield Document(
                id=f"{kit['site']}/{number:03d}",
                lang=kit["lang"],
                group=kit["site"],
                kind=kit.get("kind", ""),
                lines=tuple(lines),
            )


class _PageBuilder:
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

    def _banner(self, category: str, source: dict[str, Any] | None = None) -> list[tuple[str, Label]]:
        banners = [b for b in (source or self.kit).get(category, []) if b]
        if not banners:
            return []
        banner = self.rng.choice(banners)
        if isinstance(banner, str):
            banner = [banner]
        label = Label(category)
        out: list[tuple[str, Label]] = []
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

    def _labelled(self, items: list[str], label: Label) -> list[tuple[str, Label]]:
        return [(t, label) for t in items]

    def _links(self, items: list[str], label: Label, glued: float = 0.2) -> list[tuple[str, Label]]:
        """A row of links. innerText often drops the separators of inline links, so now and then the
        row comes out as runs of items run together ("HomeWorldSportMoney"). Without ``glue`` (pages
        to be rendered as HTML, where each link is its own element) the same draws keep them apart."""
        if len(items) < 2 or self.rng.random() >= glued:
            return self._labelled(items, label)
        out: list[tuple[str, Label]] = []
        start = 0
        while start < len(items):
            end = start + self.rng.randint(2, 8)
            run = items[start:end]
            out += [("".join(run), label)] if self.glue else self._labelled(run, label)
            start = end
        return out

    # -- page ------------------------------------------------------------------------------------
    def build(self, article: dict[str, Any], variant: int) -> list[tuple[str, Label]]:
        rng = self.rng
        # Variant 0 is a full page, 1 a lighter one, 2 often just walls around the article (the
        # text a reader extension or a crawler's main-area dump sees).
        chrome = (1.0, 0.6, 0.25)[variant % 3]
        top: list[tuple[str, Label]] = []
        bottom: list[tuple[str, Label]] = []
        middle: list[list[tuple[str, Label]]] = []

        walls = [w for w in _WALLS if self._list(w) and rng.random() < (0.55 if w == "consent" else 0.35)]
        for wall in walls:
            banner = self._banner(wall)
            where = rng.random()
            if wall == "newsletter":
                (middle.append(banner) if where < 0.5 else bottom.extend(banner))
            elif where < 0.55:
                top.extend(banner)
            elif where < 0.8:
                bottom.extend(banner)
            else:
                middle.append(banner)

        # A stray wall from the wall sets (often in another language: vendors guess the language),
        # or a few lines of one, anywhere on the page.
        if self.stray and rng.random() < 0.45:
            source = rng.choice(self.stray)
            category = rng.choice([w for w in _WALLS if source.get(w)] or ["consent"])
            banner = self._banner(category, source)
            if banner and rng.random() < 0.5:
                start = rng.randrange(len(banner))
                banner = banner[start : start + rng.randint(1, 3)]
            where = rng.random()
            if where < 0.4:
                top = banner + top
            elif where < 0.6:
                bottom.extend(banner)
            else:
                middle.append(banner)
        # Fragments of the site's own walls between paragraphs ("Subscribe today!"), 1-3 per page.
        own = [w for w in _WALLS if self._list(w)]
        if own and rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                banner = self._banner(rng.choice(own))
                start = rng.randrange(len(banner)) if banner else 0
                middle.append(banner[start : start + rng.randint(1, 2)])

        header: list[tuple[str, Label]] = []
        if rng.random() < chrome:
            header += self._links(self._sample(self._list("navigation", "menu"), 5, 40), Label.NAVIGATION)
        if rng.random() < chrome * 0.6:
            header += self._labelled(
                self._sample(self._list("navigation", "breadcrumbs"), 1, 1), Label.NAVIGATION
            )

        head: list[tuple[str, Label]] = []
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

        body = self._body(article, chrome, middle)
        body = self._repeats(article, body, f"{article.get('headline', '')}:{variant}")

        footer: list[tuple[str, Label]] = []
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

        self._machine_strings(header, footer, f"{article.get('headline', '')}:{variant}")
        return top + header + head + body + footer + bottom

    def _machine_strings(
        self, header: list[tuple[str, Label]], footer: list[tuple[str, Label]], key: str
    ) -> None:
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

    def _repeats(
        self, article: dict[str, Any], body: list[tuple[str, Label]], key: str
    ) -> list[tuple[str, Label]]:
        """On a share of the pages (``REPEAT_ECHO``), one to three of the article's subheadings, list
        items, table rows, steps or code lines shown a second time, after another of its lines: the
        "Pros" of every product reviewed, the same row in two tables, the same import in two
        snippets. Without them every repeated line of our pages was chrome (menus, buttons) and the
        model read any repeat as chrome, while on real pages a repeated line of four words or more
        is mostly the article's (docs/quality.md, session 13). Drawn from a generator of their own,
        so that the rest of the page is drawn as it was without them."""
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

    def _teasers(self, low: int, high: int) -> list[tuple[str, Label]]:
        out: list[tuple[str, Label]] = []
        dates = self._list("other", "dates")
        for teaser in self._sample(self._list("navigation", "teasers"), low, high):
            out.append((teaser, Label.NAVIGATION))
            if dates and self.rng.random() < 0.15:
                out.append((self.rng.choice(dates), Label.OTHER))
        return out

    def _body(
        self, article: dict[str, Any], chrome: float, middle: list[list[tuple[str, Label]]]
    ) -> list[tuple[str, Label]]:
        rng = self.rng
        items: list[tuple[str, Label]] = []
        for item in article.get("body", []):
            if not isinstance(item, list) or len(item) != 2 or not item[1]:
                continue
            kind, text = item
            label = _BODY_LABELS.get(kind, Label.CONTENT)
            items.append((text, label))

        # A hard paywall: the body stops after a few paragraphs and the offer follows.
        paywalls = self._list("paywall")
        if paywalls and rng.random() < 0.15 and len(items) > 4:
            cut = rng.randint(2, max(2, len(items) // 2))
            return items[:cut] + self._banner("paywall")

        out: list[tuple[str, Label]] = []
        gaps = len(items)
        extra: dict[int, list[tuple[str, Label]]] = {}
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
        for position, item in enumerate(items):
            out.extend(extra.get(position, []))
            out.append(item)
        out.extend(extra.get(len(items), []))
        return out


def documents_bytes(docs: Iterable[Document]) -> bytes:
    return "".join(d.to_json() + "\n" for d in docs).encode("utf-8")
