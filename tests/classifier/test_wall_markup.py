"""Walls in rendered pages: each line a title, text, field or button slot, vendors' names kept."""

from __future__ import annotations

import random
import re

from classifier.dom import segment_html
from classifier.page_markup import PageMarkup
from classifier.render import load_templates
from classifier.wall_markup import _roles, write_wall

CONSENT = [
    "We value your privacy",
    "We and our partners store information on your device to measure visits and show ads.",
    "Accept all",
    "Reject all",
]
NEWSLETTER = [
    "Get the morning briefing",
    "Every weekday at seven, the stories that matter on the islands, straight to your inbox.",
    "Your email address",
    "Sign up",
]


def test_roles_come_from_length_and_place():
    assert list(_roles("consent", CONSENT, has_field=False)) == ["title", "text", "button", "button"]
    assert list(_roles("newsletter", NEWSLETTER, has_field=True)) == ["title", "text", "field", "button"]
    assert list(_roles("newsletter", NEWSLETTER, has_field=False)) == ["title", "text", "button", "button"]
    assert list(_roles("paywall", ["Subscribe now"], has_field=False)) == ["text"]


def test_every_wall_line_segments_back_once_in_order_with_its_kind():
    for kind, choices in load_templates().walls.items():
        texts = NEWSLETTER if kind == "newsletter" else CONSENT
        for seed in range(10):
            page = PageMarkup(random.Random(seed), {})
            write_wall(page, choices, kind, texts)
            assert page.emitted == [(text, kind) for text in texts]
            html = "<html><body>" + "".join(page.out) + "</body></html>"
            assert [line.text for line in segment_html(html)] == texts


def test_vendor_walls_keep_their_names_where_the_page_drops_its_own():
    walls = load_templates().walls["consent"]
    vendor = [t for t in walls if t["vendor"]]
    own = [t for t in walls if not t["vendor"]]
    assert vendor and own
    for choices, named in ((vendor, True), (own, False)):
        page = PageMarkup(random.Random(0), {})
        page.mode = "bare"
        write_wall(page, choices, "consent", CONSENT)
        assert bool(re.search(r'\s(class|id)="', "".join(page.out))) is named
