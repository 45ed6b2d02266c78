import re

import numpy as np

from classifier.pagetext import bounds, holding, match_counts, segment_sums


def test_bounds_and_sums_of_runs_including_empty_ones():
    run_bounds = bounds(np.array([2, 0, 3]))
    assert run_bounds.tolist() == [0, 2, 2, 5]
    flags = np.array([True, False, True, True, False])
    assert segment_sums(flags, run_bounds).tolist() == [1, 0, 2]


def test_match_counts_gives_each_match_to_the_text_it_starts_in():
    texts = ["cat cat", "", "dog", "catalogue"]
    assert match_counts(re.compile(r"\bcat"), texts).tolist() == [2, 0, 0, 1]
    assert match_counts(re.compile(r"g$|g\n"), texts, separator="\n").tolist() == [0, 0, 1, 0]


def test_a_nul_separator_ends_words_and_patterns_as_the_string_end_does():
    texts = ["end", "word", "x"]
    for pattern in (r"\b\w", r"\w\b", r"d\s?"):
        expected = [len(re.findall(pattern, text)) for text in texts]
        assert match_counts(re.compile(pattern), texts).tolist() == expected, pattern


def test_holding_finds_the_texts_with_a_needle_once_each_and_none_across_two():
    texts = ["price $5 or $6", "", "cat", "at the end: ca", "t", "copyright", "(c) 2026"]
    assert holding(texts, ["$", "cat", "(c)", "copy"]).tolist() == [
        True,
        False,
        True,
        False,
        False,
        True,
        True,
    ]
    assert holding(texts, []).tolist() == [False] * len(texts)
    assert holding([], ["x"]).tolist() == []
    needles = ["$", "at", "yr", "(c)"]
    expected = match_counts(re.compile("|".join(map(re.escape, needles))), texts) > 0
    assert holding(texts, needles).tolist() == expected.tolist()
