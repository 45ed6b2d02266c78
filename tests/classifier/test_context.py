"""Stage 2's context columns: where stage 1's content lies around each line."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import scipy.sparse as sp

from classifier import artifact
from classifier.errors import ArtifactError
from classifier.features import FEATURE_NAMES, text_hashers
from classifier.model import DEFAULT_MODEL_DIR, load_model
from classifier.stacking import context_feature_names, stage2_features
from classifier.types import LABELS

_CONTENT = LABELS.index("content")


_N_CHARS = 2**12


def _ngrams(texts: list[str]) -> sp.csr_matrix:
    char, word = text_hashers(_N_CHARS, 2**11)
    return sp.hstack([char.transform(texts), word.transform(texts)], format="csr")


def _page(
    content: list[float], words: list[int], texts: list[str] | None = None
) -> tuple[np.ndarray, np.ndarray, sp.csr_matrix, int]:
    """``stage2_features``'s arguments: stage 1 probabilities with the given P(content) (the rest on
    navigation), dense features holding only each line's ``log_words``, and the lines' n-grams."""
    n = len(content)
    p1 = np.zeros((n, len(LABELS)))
    p1[:, _CONTENT] = content
    p1[:, LABELS.index("navigation")] = 1 - np.asarray(content)
    dense = np.zeros((n, len(FEATURE_NAMES)))
    dense[:, FEATURE_NAMES.index("log_words")] = np.log1p(words)
    texts = texts or [f"line number {i} of the page" for i in range(n)]
    return p1, dense, _ngrams(texts), _N_CHARS


def _column(x: np.ndarray, name: str) -> np.ndarray:
    return x[:, context_feature_names().index(name)]


def test_every_context_column_is_named():
    p1, dense, sparse, n_chars = _page([0.5] * 7, [10] * 7)
    x = stage2_features(p1, dense, sparse, n_chars)
    assert x.shape == (7, len(context_feature_names()) + dense.shape[1])
    assert len(set(context_feature_names())) == len(context_feature_names())
    np.testing.assert_array_equal(x[:, len(context_feature_names()) :], dense.astype(np.float32))


def test_a_subheading_has_the_article_ahead_and_a_trailing_teaser_has_nothing():
    # headline, subheading, two paragraphs, then three headline-shaped teasers
    content = [0.9, 0.6, 0.95, 0.95, 0.6, 0.6, 0.6]
    words = [8, 6, 60, 50, 9, 9, 9]
    x = stage2_features(*_page(content, words))
    after = _column(x, "content_words_after")
    before = _column(x, "content_words_before")
    assert after[1] > 0.8  # the subheading: nearly all the article's words come after it
    assert after[6] == 0 and after[4] < 0.1  # the last teasers: nothing of weight follows
    assert before[0] == 0 and before[6] > 0.9
    # By lines, each side counts P(content) and leaves the line itself out.
    lines_after = _column(x, "content_lines_after")
    np.testing.assert_allclose(lines_after[0], sum(content[1:]) / sum(content))
    np.testing.assert_allclose(_column(x, "content_lines_before")[0], 0.0)


def test_the_near_windows_look_one_way_each():
    content = [0.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    x = stage2_features(*_page(content, [5] * 6))
    ahead = _column(x, "content@next12")
    behind = _column(x, "content@previous12")
    np.testing.assert_allclose(ahead, [3 / 5, 2 / 4, 1 / 3, 0, 0, 0])
    np.testing.assert_allclose(behind, [0, 0, 1 / 2, 2 / 3, 3 / 4, 3 / 5])


STORY = [
    "Dock workers strike at the port for a third day",
    "The cranes in the port stood idle again on Wednesday as dock workers kept up their strike.",
    "Dock workers say the port operator wants longer shifts on the cranes without higher pay.",
    "Talks with the port operator",
    "Union leaders said the dock workers would meet the operator again on Friday to talk about pay.",
    "Ten gadgets that make your kitchen smarter",
    "Our favourite hiking boots of the season",
]


def test_a_teaser_for_another_story_shares_little_of_the_article_s_wording():
    content = [0.8, 0.95, 0.95, 0.6, 0.95, 0.6, 0.6]
    words = [len(t.split()) for t in STORY]
    x = stage2_features(*_page(content, words, STORY))
    by_words = _column(x, "content_topicality_words")
    # The subheading shares the article's words; the teasers for other stories do not.
    assert by_words[3] > 2 * max(by_words[5], by_words[6])
    assert by_words[0] > max(by_words[5], by_words[6])
    # The weights are stage 1's P(content): with none anywhere there is nothing to compare with.
    none = stage2_features(*_page([0.0] * len(STORY), words, STORY))
    assert not _column(none, "content_topicality_chars").any()


def test_a_page_without_content_gives_zeros_not_nan():
    x = stage2_features(*_page([0.0, 0.0, 0.0], [3, 3, 3]))
    assert np.isfinite(x).all()


def test_a_model_with_other_context_columns_is_refused(tmp_path):
    # Stage 2's weights are read by position: a model fitted on other columns must not load.
    if not (DEFAULT_MODEL_DIR / artifact.MANIFEST).is_file():
        pytest.skip("no shipped model in models/")
    copy = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    manifest = json.loads((copy / artifact.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["context_feature_names"] == context_feature_names()
    manifest["context_feature_names"] = manifest["context_feature_names"][:-6]
    (copy / artifact.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ArtifactError, match=r"context_feature_names.*retrain"):
        load_model(copy)


def test_the_trees_answer_is_weighed_against_the_context_stage():
    from classifier.stacking import LineModel

    trees = np.array([0.9, 0.2])
    stage = np.array([[0.1, 0.9], [0.6, 0.4]])  # column 0: P(content)
    assert np.allclose(LineModel(boost_weight=1.0).blend(trees, stage), trees)
    assert np.allclose(LineModel(boost_weight=0.5).blend(trees, stage), [0.5, 0.4])
    # A stage sure of a wall keeps a say: the trees alone would keep the first line.
    assert LineModel(boost_weight=0.5).blend(trees, stage)[0] < 0.9


def test_the_shipped_model_weighs_only_text_modes_trees_against_the_context_stage():
    from classifier.train import TrainConfig

    model = load_model()
    assert model.heads.texts and all(head.boost_weight == TrainConfig().boost_weight for head in model.heads.texts)
    # HTML mode's heads keep the trees alone (docs/journal/quality-log.md, session 15).
    assert all(head.boost_weight == 1.0 for head in (*model.heads.htmls, *model.heads.dom_texts))
