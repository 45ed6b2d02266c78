"""Topicality: how much a line shares the wording of the rest of the page's prose."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifier.features import text_hashers
from classifier.topicality import topic_basis, topicality

STORY = [
    "The harbour cranes in Rotterdam were idle for a second day as dock workers kept up their strike.",
    "Dock workers say the harbour operator wants longer shifts on the cranes without higher pay.",
    "The strike has left container ships waiting outside the harbour since Monday morning.",
    "We use cookies and similar technologies to measure audience and personalise advertising.",
    "Union leaders said the dock workers would meet the harbour operator again on Friday.",
]


def matrix(lines: list[str]) -> tuple[sp.csr_matrix, int]:
    char, word = text_hashers(2**12, 2**11)
    return sp.hstack([char.transform(lines), word.transform(lines)], format="csr"), 2**12


def test_an_inserted_banner_sentence_is_off_topic():
    sparse, n_chars = matrix(STORY)
    topic = topicality(sparse, n_chars, np.ones(len(STORY), dtype=bool))
    assert topic.shape == (len(STORY), 2)
    words = topic[:, 1]
    assert words[3] == words.min()
    assert words[3] < 0.5 * np.median(words[[0, 1, 2, 4]])


def test_a_line_is_not_compared_with_itself():
    sparse, n_chars = matrix([STORY[0], "Völlig andere Wörter stehen hier in einer deutschen Zeile."])
    topic = topicality(sparse, n_chars, np.array([True, False]))
    # The only prose line has no other prose to compare with; the second line is compared with it.
    assert topic[0].tolist() == [0.0, 0.0]
    assert 0.0 <= topic[1, 1] < 0.2


def test_no_prose_means_no_topic():
    sparse, n_chars = matrix(["Home", "News", "Sport"])
    assert not topicality(sparse, n_chars, np.zeros(3, dtype=bool)).any()


def test_a_shared_basis_gives_the_same_numbers_for_any_weights():
    # The heads share one ``topic_basis`` of a page and weigh its lines differently.
    sparse, n_chars = matrix(STORY)
    basis = topic_basis(sparse, n_chars)
    for weights in (np.ones(len(STORY), dtype=bool), np.array([0.9, 0.1, 0.5, 0.0, 1.0])):
        np.testing.assert_array_equal(
            topicality(sparse, n_chars, weights, basis), topicality(sparse, n_chars, weights)
        )
