"""Authored site kits -> labelled page documents, deterministically.

A kit (``training_data/sites/<lang>.jsonl``, schema in ``training_data/README.md``) holds one imagined
site's chrome, walls and articles (``kits.py`` reads them). ``compose_kit`` lays each article out as
several pages (``page_builder.py``) the way a browser's ``innerText`` shows them, varying what is not
the signal: how much chrome shows, where the banners sit (top, bottom, middle, several, none), teasers
and ads between paragraphs, hard paywalls that cut the body, sentences broken where a link was, the
casing of buttons. A kit's pages only ever use that kit's text, so a split by ``group`` keeps all of a
site's text on one side.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from classifier.page_builder import PageBuilder
from classifier.types import Label

PAGES_PER_ARTICLE = 3


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
    ``repeats``: whether some pages show short article lines twice (``PageBuilder._repeats``).
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
            lines = PageBuilder(kit, rng, stray, glue=glue, repeats=repeats).build(article, variant)
            yield Document(
                id=f"{kit['site']}/{number:03d}",
                lang=kit["lang"],
                group=kit["site"],
                kind=kit.get("kind", ""),
                lines=tuple(lines),
            )


def documents_bytes(docs: Iterable[Document]) -> bytes:
    return "".join(d.to_json() + "\n" for d in docs).encode("utf-8")
