"""A line's own shape: the page-wise counts and look-ups agree with their per-line definitions."""

import math
import re

import numpy as np

from classifier.pagetext import holding
from classifier.shape import (
    _COPYRIGHT_WORDS,
    _DIGITS,
    _LETTERS,
    _QUOTES,
    _SEPARATORS,
    _UNSPACED,
    _UPPERS,
    _URL_HINTS,
    _char_counts,
    _log1p,
    _separators,
)

# Lines that test the page-wide counting: empty, NUL and newline inside, a separator at either end, a
# lone surrogate, unspaced script, title-case digraphs, and counts past the log table.
ODD_LINES = [
    "",
    " ",
    "a\x00b | c",
    "| x",
    "x |",
    "End.",
    "a\nb. c",
    "İstanbul ÇOK güzel",
    "日本語の文章です。これは、",
    "ǅemal Ǆ ǈ x",
    "\ud800x",
    "TermsPrivacyCookie settings",
    "© 2020 (C) Copyright, all",
    "x" * 5000,
]


def test_character_counts_match_the_per_line_definitions():
    glued = re.compile(r"[a-zß-öø-ÿа-я][A-ZÀ-ÖØ-ÞА-Я]")
    sentence_end = re.compile(r"[.!?。！？](?:\s|$)")
    lines = [*ODD_LINES, 'He said "no." Then left.\tThe END.\n', "aBcD.eF!", "Ä.\u2003Ёж."]
    counts = _char_counts(lines)
    for i, text in enumerate(lines):
        initials = [word[0] for word in text.split() if word[0].isalpha()]
        assert counts.chars[i] == len(text)
        assert counts.letters[i] == sum(map(len, _LETTERS.findall(text)))
        assert counts.digits[i] == sum(map(len, _DIGITS.findall(text)))
        assert counts.upper[i] == sum(map(len, _UPPERS.findall(text)))
        assert counts.unspaced[i] == len(_UNSPACED.findall(text))
        assert counts.spaces[i] == text.count(" ")
        assert counts.commas[i] == text.count(",") + text.count("、") + text.count("，")
        assert counts.initials[i] == len(initials)
        assert counts.capital_initials[i] == sum(map(str.isupper, initials))
        assert counts.quotes[i] == len(_QUOTES.findall(text))
        assert counts.glued[i] == len(glued.findall(text)), text
        assert counts.sentence_ends[i] == len(sentence_end.findall(text)), text


def test_page_wise_counts_and_hints_read_each_line_as_alone():
    lines = [*ODD_LINES, 'He said "no." | Then | left.', "a | b", "www.x.com (c) copyright", "a / b", "x»y"]
    assert _separators(lines).tolist() == [len(_SEPARATORS.findall(text)) for text in lines]
    for needles in (_URL_HINTS, _COPYRIGHT_WORDS):
        pattern = re.compile("|".join(map(re.escape, needles)))
        assert holding(lines, needles).tolist() == [pattern.search(text) is not None for text in lines]


def test_log_table_is_math_log1p():
    counts = np.array([[0, 1, 7], [4095, 4096, 123456]])
    assert _log1p(counts).tolist() == [[math.log1p(k) for k in row] for row in counts.tolist()]
