"""The markup of one rendered page as it is written: class names, filled template slots, containers.

``render.py`` decides which slot each document line takes; ``PageMarkup`` writes it. Class and id names
come out as authored, hashed (``css-1x2y3z``, salted per page) or not at all; a template's ``{href}``
and ``{n}`` get made-up values; some paragraphs carry a link or emphasis around a few of their words.
Containers (menus, lists, the article body) open once and close innermost first, and every line written
is recorded with its label, in page order.

All randomness comes from the page's seeded generator, drawn in the order the page is written.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import random
import re
from typing import Any

__all__ = ["PageMarkup"]

_MODES = (("semantic", 0.55), ("hashed", 0.3), ("bare", 0.15))
_ATTR = re.compile(r'\s(class|id)="([^"]*)"')


class PageMarkup:
    """One page's markup: its class-name style and slots, drawn once, and the pieces written so far."""

    def __init__(self, rng: random.Random, layout: dict[str, Any]) -> None:
        self.rng = rng
        self.mode = rng.choices([m for m, _ in _MODES], [w for _, w in _MODES])[0]
        self.hash_style = rng.choice(("css-{}", "sc-{}", "_{}", "{}"))
        self.salt = str(rng.random())
        self.slots = {k: self.names(rng.choice(v)) for k, v in layout.items() if k != "kinds"}
        self.out: list[str] = []
        self.emitted: list[tuple[str, str]] = []
        self.closers: list[tuple[str, str]] = []  # (container name, closing markup)

    # -- class names ------------------------------------------------------------------------------
    def names(self, template: str, vendor: bool = False) -> str:
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

    # -- filling a template -----------------------------------------------------------------------
    def fill(self, template: str, text: str = "", inline: bool = False) -> str:
        body = self._inline(text) if inline else htmllib.escape(text, quote=False)
        out = template.replace("{href}", self.href()).replace("{n}", str(self.rng.randint(100, 99999)))
        return out.replace("{text}", body)

    def href(self) -> str:
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
            tag, attrs = "a", f' href="{self.href()}"'
        else:
            tag, attrs = self.rng.choice(("strong", "em", "b")), ""
        parts = [
            htmllib.escape(" ".join(words[:i]), quote=False),
            f"<{tag}{attrs}>" + htmllib.escape(" ".join(words[i:j]), quote=False) + f"</{tag}>",
            htmllib.escape(" ".join(words[j:]), quote=False),
        ]
        return " ".join(p for p in parts if p)

    # -- writing ------------------------------------------------------------------------------------
    def write(self, piece: str) -> None:
        """Markup that holds no line of its own (an opening or closing tag, a wrapper)."""
        self.out.append(piece)

    def line(self, piece: str, text: str, label: str) -> None:
        """The markup of one document line, recorded with its label."""
        self.out.append(piece)
        self.emitted.append((text, label))

    def leaf(self, slot: str, text: str, label: str, inline: bool = False) -> None:
        self.line(self.fill(self.slots[slot], text, inline), text, label)

    def leaf_group(self, label: str, texts: list[str], container: str | None, slot: str) -> None:
        if container:
            self.enter(container)
        for text in texts:
            self.leaf(slot if not container else f"{container}_item", text, label)
        if container:
            self.leave(container)

    def enter(self, name: str, template: str | None = None) -> None:
        """Open container ``name`` (closing any sibling containers opened after its parent)."""
        if self.closers and self.closers[-1][0] == name:
            return
        opening, _, closing = self.fill(template or self.slots[name]).partition("{items}")
        self.out.append(opening)
        self.closers.append((name, closing))

    def leave(self, *names: str) -> None:
        """Close the innermost containers while they are among ``names``."""
        while self.closers and self.closers[-1][0] in names:
            self.out.append(self.closers.pop()[1])

    def leave_all(self, but: str | None = None) -> None:
        """Close the containers still open: all of them, or those inside ``but``."""
        self.leave(*[name for name, _ in self.closers if name != but])


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
    return out or "0"
