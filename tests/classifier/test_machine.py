"""Machine strings: generated, deterministic, and mixed only into a page's chrome as `other`."""

from __future__ import annotations

import random
import re

from classifier.compose import compose_kit
from classifier.machine import machine_run
from classifier.types import Label
from tests.classifier.test_compose import KIT


def test_runs_are_deterministic_and_of_one_to_eight_strings():
    first = [machine_run(random.Random(seed), "xx-test") for seed in range(200)]
    again = [machine_run(random.Random(seed), "xx-test") for seed in range(200)]
    assert first == again
    assert all(1 <= len(run) <= 8 and all(s and s == s.strip() for s in run) for run in first)


def test_runs_cover_the_kinds_real_pages_show():
    strings = [s for seed in range(400) for s in machine_run(random.Random(seed), "xx-test")]
    patterns = {
        "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "asset url": r"https://\S+/\S+\.(jpg|png|webp|avif|gif)",
        "counter": r"\d+/\d+|\d\d:\d\d",
        "one character": r"\S",
        "placeholder": r".*(\{|\$|%|undefined|null|NaN|\[).*",
    }
    for name, pattern in patterns.items():
        assert any(re.fullmatch(pattern, s) for s in strings), name


def test_composed_pages_carry_them_in_the_chrome_only():
    docs = list(compose_kit(KIT, pages_per_article=30))
    article = {"A headline", "A lead sentence.", "First paragraph of the story.", "Last paragraph."}
    with_machine = 0
    for doc in docs:
        texts = [text for text, _ in doc.lines]
        machine = [
            (i, label)
            for i, (text, label) in enumerate(doc.lines)
            if re.fullmatch(r"[0-9a-f-]{12,}|https://\S+", text)
        ]
        with_machine += bool(machine)
        assert all(label is Label.OTHER for _, label in machine)
        first = min(texts.index(t) for t in article if t in texts)
        last = max(texts.index(t) for t in article if t in texts)
        assert all(not first < i < last for i, _ in machine)
    assert 0 < with_machine < len(docs)
