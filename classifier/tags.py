"""What the HTML segmenter knows about tags, as data: the subtrees that never show text, the inline
elements that merge into their block, the heading levels, and the context bits (form, button, dialog,
nav, header, footer, aside, article, link, preformatted) that elements and ARIA roles pass on to the
lines inside them (``dom.py`` reads them; docs/html-segmentation.md says why each is where it is).
"""

from __future__ import annotations

__all__ = [
    "ARTICLE",
    "ASIDE",
    "BUTTON",
    "DIALOG",
    "FLAGS",
    "FLAG_MASK",
    "FOOTER",
    "FORM",
    "HEADER",
    "HEADINGS",
    "INLINE",
    "LINK",
    "NAV",
    "PRE",
    "ROLE_BITS",
    "SKIP",
    "TAG_BITS",
]

# Subtrees that are never visible text.
SKIP = frozenset(
    {
        "head",
        "title",
        "meta",
        "link",
        "base",
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "noframes",
        "object",
        "embed",
        "applet",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "area",
        "img",
        "picture",
        "input",
        "textarea",
        "param",
    }
)
# Elements whose text runs on inside the surrounding block. Everything else (and not skipped) is a block:
# its text is a line of its own. Custom elements (``<x-widget>``) are inline, as browsers render them.
INLINE = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "blink",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "nobr",
        "q",
        "rb",
        "rp",
        "rt",
        "rtc",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "output",
        "meter",
        "progress",
        "slot",
        "marquee",
    }
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Context bits a frame inherits from its ancestors.
FORM, BUTTON, DIALOG, NAV, HEADER, FOOTER, ASIDE, ARTICLE, LINK, PRE = (1 << i for i in range(10))
# Line's context flags (in_form ... in_article, in its order) for each combination of their bits.
FLAG_MASK = (1 << 8) - 1
FLAGS = [
    (
        bool(bits & FORM),
        bool(bits & BUTTON),
        bool(bits & DIALOG),
        bool(bits & NAV),
        bool(bits & HEADER),
        bool(bits & FOOTER),
        bool(bits & ASIDE),
        bool(bits & ARTICLE),
    )
    for bits in range(FLAG_MASK + 1)
]
TAG_BITS = {
    "form": FORM,
    "search": FORM,
    "button": BUTTON,
    "dialog": DIALOG,
    "nav": NAV,
    "header": HEADER,
    "footer": FOOTER,
    "aside": ASIDE,
    "article": ARTICLE,
    "main": ARTICLE,
    "a": LINK,
    "pre": PRE,
    "listing": PRE,
    "xmp": PRE,
    "plaintext": PRE,
}
ROLE_BITS = {
    "form": FORM,
    "search": FORM,
    "button": BUTTON,
    "dialog": DIALOG,
    "alertdialog": DIALOG,
    "navigation": NAV,
    "menubar": NAV,
    "banner": HEADER,
    "contentinfo": FOOTER,
    "complementary": ASIDE,
    "main": ARTICLE,
    "article": ARTICLE,
    "link": LINK,
}
