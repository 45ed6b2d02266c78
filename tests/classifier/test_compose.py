from classifier.compose import Document, compose_kit, documents_bytes
from classifier.types import Label

KIT = {
    "site": "xx-test",
    "lang": "en",
    "kind": "news",
    "navigation": {
        "menu": ["Home", "World", "Sport", "Money"],
        "breadcrumbs": ["Home › World"],
        "teasers": ["Another story about a river", "A third story about a bridge"],
        "more": ["Read more"],
    },
    "consent": [["We use cookies to run this site and for ads.", "Accept all", "Reject all"]],
    "paywall": [["Subscribers read on", "Subscribe now"]],
    "adblock": [["Please switch off your ad blocker", "Done"]],
    "newsletter": [["Get the morning mail", "Sign up"]],
    "advertising": ["Advertisement"],
    "social": ["Share", "Follow us"],
    "other": {
        "bylines": ["By A. Writer"],
        "dates": ["1 May 2026"],
        "captions": ["Photo: someone"],
        "comments": ["reader1 · 2 h", "I disagree with this."],
        "footer": ["Imprint", "© 2026 Test"],
    },
    "articles": [
        {
            "headline": "A headline",
            "lead": "A lead sentence.",
            "body": [
                ["p", "First paragraph of the story."],
                ["h", "A subheading"],
                ["p", "Second paragraph."],
                ["teaser", "Also read: elsewhere"],
                ["li", "an item"],
                ["p", "Last paragraph."],
            ],
        }
    ],
}


def test_composition_is_deterministic():
    first = documents_bytes(compose_kit(KIT))
    second = documents_bytes(compose_kit(KIT))
    assert first == second
    assert first  # not empty


def test_every_article_line_keeps_its_label():
    docs = list(compose_kit(KIT))
    assert all(d.group == "xx-test" and d.lang == "en" for d in docs)
    for doc in docs:
        labels = dict(doc.lines)
        assert labels["A headline"] is Label.CONTENT
        assert labels.get("Also read: elsewhere", Label.NAVIGATION) is Label.NAVIGATION
        for text, label in doc.lines:
            if text.lower() in {"accept all", "reject all"}:
                assert label is Label.CONSENT


def test_documents_round_trip_through_json():
    doc = next(iter(compose_kit(KIT)))
    assert Document.from_json(doc.to_json()) == doc


def test_sites_and_wall_sets_share_folds_and_never_cross_them():
    from classifier.compose import compose_all, fold_of

    kits = [dict(KIT, site=f"xx-{name}") for name in ("a", "b", "c", "d")]
    walls = [
        {"group": f"walls-xx-{i}", "lang": "xx", "consent": [[f"Cookie notice number {i} of the set", f"Accept set {i}"]]}
        for i in range(8)
    ]
    assert fold_of(["b", "a", "c", "a"], 2) == {"a": 0, "b": 1, "c": 0}
    site_fold = fold_of(k["site"] for k in kits)
    wall_fold = fold_of(w["group"] for w in walls)
    for doc in compose_all(kits, walls=walls):
        texts = {t for t, _ in doc.lines}
        drawn = {w["group"] for w in walls if texts & set(w["consent"][0])}
        assert all(wall_fold[g] == site_fold[doc.group] for g in drawn)


def test_some_pages_show_short_article_lines_twice_and_nothing_else_moves():
    import difflib

    kit = {**KIT, "articles": KIT["articles"] * 30}
    with_repeats = list(compose_kit(kit))
    without = list(compose_kit(kit, repeats=False))
    shown_twice = 0
    for doc, plain in zip(with_repeats, without, strict=True):
        ops = difflib.SequenceMatcher(None, plain.lines, doc.lines, autojunk=False).get_opcodes()
        # The rest of the page is drawn as it was: the repeats are insertions, nothing else changed.
        assert {op for op, *_ in ops} <= {"equal", "insert"}
        for _, _, _, start, end in (op for op in ops if op[0] == "insert"):
            for at in range(start, end):
                text, label = doc.lines[at]
                # A repeatable article line (a subheading or a list item), as content, after one.
                assert text in {"A subheading", "an item"} and label is Label.CONTENT
                assert doc.lines[at - 1][1] is Label.CONTENT
        shown_twice += len(doc.lines) > len(plain.lines)
    assert 0.3 * len(without) < shown_twice < 0.7 * len(without)
