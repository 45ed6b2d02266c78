"""Machine strings: the text a page's code leaves among its visible lines.

Real pages show more than words: image ids and asset URLs where a picture failed to load, tracking
ids of a product carousel, template placeholders that were never filled, a slideshow's "3/12" and a
video's "02:24", lone letters of an icon font. None of it is article, and none of it is language the
kits' authors would write, so the composer (``compose.py``) mixes some into a page's chrome. Every
string is generated here from a seeded generator: random hex, invented hosts and file names.
"""

from __future__ import annotations

import random
import string

__all__ = ["machine_run"]

_HOSTS = (
    "cdn.{site}.net",
    "static.{site}.com",
    "img.{site}-media.io",
    "assets.{site}.org",
    "media.{site}.cloud",
)
_DIRS = ("images", "img/uploads", "media/cache", "assets/products", "photos/thumbs", "stencil/160x160")
_NAMES = ("hero", "thumb", "banner", "product", "gallery", "avatar", "teaser", "cover", "slide", "logo")
_EXTS = ("jpg", "png", "webp", "avif", "gif")
_PLACEHOLDERS = (
    "{{ title }}",
    "{{item.name}}",
    "{{ price | currency }}",
    "${label}",
    "%s",
    "%1$s",
    "[object Object]",
    "undefined",
    "null",
    "NaN",
    "__MSG_button__",
    "{0}",
    "[[count]]",
    "#{headline}",
)
_ICON_CHARS = "×|·›»‹«•▾▸▲▼★☆☰✕✓+-/"


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _uuid(rng: random.Random, site: str) -> str:
    return "-".join(_hex(rng, n) for n in (8, 4, 4, 4, 12))


def _digest(rng: random.Random, site: str) -> str:
    return _hex(rng, rng.choice((12, 16, 24, 32, 40)))


def _asset(rng: random.Random, site: str) -> str:
    host = rng.choice(_HOSTS).format(site=site)
    name = f"{rng.choice(_NAMES)}_{rng.randint(1, 9999)}.{rng.choice(_EXTS)}"
    return f"https://{host}/{rng.choice(_DIRS)}/{_hex(rng, 8)}/{name}"


def _placeholder(rng: random.Random, site: str) -> str:
    return rng.choice(_PLACEHOLDERS)


def _code(rng: random.Random, site: str) -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(1, 3)))
    digits = str(rng.randint(10_000, 99_999_999))
    return rng.choice(
        (f"{letters}{digits}", f"{letters}-{digits}", f"ID: {digits}", f"#{_hex(rng, 6).upper()}")
    )


def _counter(rng: random.Random, site: str) -> str:
    total = rng.randint(2, 40)
    return rng.choice(
        (f"{rng.randint(1, total)}/{total}", f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")
    )


def _icon(rng: random.Random, site: str) -> str:
    return rng.choice((rng.choice(_ICON_CHARS), rng.choice(string.ascii_letters)))


_KINDS = (_uuid, _digest, _asset, _placeholder, _code, _counter, _icon)


def machine_run(rng: random.Random, site: str) -> list[str]:
    """One to eight machine strings of one kind, as they come in a row on a page."""
    kind = rng.choice(_KINDS)
    host = "".join(ch for ch in site.lower() if ch.isalnum())[:20] or "site"
    return [kind(rng, host) for _ in range(rng.randint(1, 8))]
