"""Walls in rendered pages, in the markup that real consent tools, paywalls and newsletter forms inject.

A wall's template (``training_data/html/walls.json``) is a vendor's, whose class names stay as the vendor
writes them whatever the page does with its own, or the site's. Each line of the wall takes a title,
text, field or button slot from its length and place (``_roles``); the buttons take the template's
button markups in a shuffled order.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from classifier.page_markup import PageMarkup

__all__ = ["write_wall"]


def write_wall(markup: PageMarkup, choices: list[dict[str, Any]], kind: str, texts: list[str]) -> None:
    """The wall ``kind`` holding ``texts``, written with one of ``choices`` (that kind's templates)."""
    rng = markup.rng
    template = _pick_template(rng, choices)
    vendor = bool(template["vendor"])
    text_slot = markup.names(rng.choice(template["text"]), vendor)
    buttons = list(template["button"])
    rng.shuffle(buttons)
    opening, _, closing = markup.fill(markup.names(template["frame"], vendor)).partition("{items}")
    markup.write(opening)
    for role, group in groupby(enumerate(_roles(kind, texts, "field" in template)), key=lambda x: x[1]):
        items = [texts[i] for i, _ in group]
        if role == "button":
            wrap_open, _, wrap_close = markup.names(template["buttons"], vendor).partition("{items}")
            markup.write(wrap_open)
            for n, text in enumerate(items):
                markup.line(markup.fill(markup.names(buttons[n % len(buttons)], vendor), text), text, kind)
            markup.write(wrap_close)
            continue
        for text in items:
            slot = _slot(rng, template, role, text_slot)
            markup.line(markup.fill(markup.names(slot, vendor), text), text, kind)
    markup.write(closing)


def _pick_template(rng: random.Random, choices: list[dict[str, Any]]) -> dict[str, Any]:
    """A vendor's template more often than the site's own, where a kind of wall has both."""
    vendors = [t for t in choices if t["vendor"]]
    own = [t for t in choices if not t["vendor"]]
    pick = vendors if vendors and (not own or rng.random() < 0.6) else own
    return rng.choice(pick)


def _slot(rng: random.Random, template: dict[str, Any], role: str, text_slot: str) -> str:
    """The markup of a title, text or field line. A title markup is drawn for every such line, whatever
    its role: the draws are part of the page."""
    return {
        "title": rng.choice(template["title"]),
        "text": text_slot,
        "field": template.get("field", [""])[0],
    }[role]


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


def _words(text: str) -> int:
    return len(text.split())
