"""The word-cached n-gram hasher gives sklearn's HashingVectorizer matrices bit for bit."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse as sp

from classifier.features import text_hashers
from classifier.ngrams import NgramHasher, bucket, char_wb_ngrams
from classifier.stacking import TEXT_CHARS

VARIED = [
    "",
    " ",
    "a",
    "ab",
    "I",
    "Hello, World!",
    "  leading and   trailing\tspaces \n",
    "Accept all cookies — we use cookies to improve your experience.",
    "Subscribe now: only €9.99/month. Cancel anytime!!!",
    "ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ — final sigma ΟΔΟΣ.",
    "İstanbul'da ŞEHİR haberleri",
    "Straße STRASSE ß ẞ",
    "日本語のテキストです。クッキーを使用しています。",
    "我们使用cookie来改善您的体验",
    "한국어 텍스트 쿠키 정책",
    "ข้อความภาษาไทย นโยบายคุกกี้",
    "Emoji 🙂🙂 and ZWJ 👩‍💻 text",
    "tabs\tand\u00a0nbsp\u2003em-space\u3000ideographic",
    "punctuation only: ... --- !!! ??? ;;;",
    "x" * 500,
    "word " * 120,
    "https://example.com/path?query=1&b=2 mail@example.org",
    "12 345,67 € — 1.234,56 $ — 5 $",
    "_under_score_ snake_case CamelCase",
    "a b a b a b a b",
    "Ünïcödé àccents çà et là",
    "\u0130\u0307 combining dot",
    "Line with a very long tail " + "lorem ipsum dolor sit amet " * 20,
]


def _sklearn(texts: list[str], char_features: int, word_features: int) -> sp.csr_matrix:
    char, word = text_hashers(char_features, word_features)
    return sp.hstack([char.transform(texts), word.transform(texts)], format="csr")


def _assert_identical(got: sp.csr_matrix, want: sp.csr_matrix) -> None:
    assert type(got) is type(want)
    assert got.shape == want.shape
    assert got.dtype == want.dtype == np.float32
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    assert got.data.tobytes() == want.data.tobytes()  # bit for bit, not approximately


@pytest.mark.parametrize(("char_features", "word_features"), [(2**16, 2**15), (2**10, 2**9), (1000, 333)])
def test_matches_sklearn_on_varied_strings(char_features, word_features):
    texts = [t[:TEXT_CHARS] for t in VARIED] + VARIED
    hasher = NgramHasher(char_features, word_features)
    want = _sklearn(texts, char_features, word_features)
    _assert_identical(hasher.transform(texts), want)
    _assert_identical(hasher.transform(texts), want)  # again, from the caches


def test_one_line_at_a_time_and_all_empty():
    hasher = NgramHasher(2**12, 2**11)
    for text in VARIED:
        _assert_identical(hasher.transform([text]), _sklearn([text], 2**12, 2**11))
    _assert_identical(hasher.transform(["", " ", ""]), _sklearn(["", " ", ""], 2**12, 2**11))


def test_char_wb_ngrams_are_sklearns():
    char, _ = text_hashers(2**10, 2**10)
    analyze = char.build_analyzer()
    for text in VARIED:
        ours = [gram for word in text.lower().split() for gram in char_wb_ngrams(word)]
        assert ours == analyze(text)


def test_bucket_handles_the_most_negative_hash():
    # murmurhash3_32 gives -2**31 for no short ASCII string we know of; the rule is sklearn's.
    from sklearn.feature_extraction import FeatureHasher

    for feature in ("cookie", " co", "é", "日本"):
        hashed = FeatureHasher(n_features=1000, input_type="string", alternate_sign=False).transform(
            [[feature]]
        )
        assert hashed.indices.tolist() == [bucket(feature, 1000)]


def test_a_wrong_hasher_is_caught():
    """The comparison itself can fail: one count off is a difference."""
    texts = ["Accept all cookies", "Subscribe now"]
    want = _sklearn(texts, 2**12, 2**11)
    got = NgramHasher(2**12, 2**11).transform(texts)
    got.data[0] = np.nextafter(got.data[0], np.float32(2))
    with pytest.raises(AssertionError):
        _assert_identical(got, want)


def test_matches_sklearn_on_the_evaluation_lines(shared_dir):
    hasher = NgramHasher(2**16, 2**15)
    with (shared_dir / "data" / "lines.jsonl").open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle):
            if number >= 150:
                break
            texts = [row["text"][:TEXT_CHARS] for row in json.loads(raw)["lines"]]
            _assert_identical(hasher.transform(texts), _sklearn(texts, 2**16, 2**15))
