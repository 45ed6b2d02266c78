"""The boosted trees, copied out of scikit-learn into arrays, must score exactly as scikit-learn does."""

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from classifier.boosting import TreeEnsemble, with_content


def _data(n: int = 3000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6))
    # an interaction no linear model can draw: yes when both signs agree
    y = ((x[:, 0] > 0) == (x[:, 1] > 0)).astype(int)
    return x, y


def test_arrays_score_exactly_as_scikit_learn() -> None:
    x, y = _data()
    clf = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=15, early_stopping=False, random_state=0)
    clf.fit(x, y)
    trees = TreeEnsemble.from_sklearn(clf)
    test, _ = _data(500, seed=1)
    test[::7, 2] = np.nan  # missing values follow each split's learned side
    np.testing.assert_allclose(trees.logit(test), clf.decision_function(test), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(trees.proba(test), clf.predict_proba(test)[:, 1], rtol=1e-10, atol=1e-10)


def test_fit_learns_an_interaction_and_is_deterministic() -> None:
    x, y = _data()
    a = TreeEnsemble.fit(x, y, iterations=40, min_samples_leaf=20)
    b = TreeEnsemble.fit(x, y, iterations=40, min_samples_leaf=20)
    for name, array in a.arrays("t").items():
        np.testing.assert_array_equal(array, b.arrays("t")[name])
    test, truth = _data(1000, seed=2)
    assert ((a.proba(test) > 0.5) == truth).mean() > 0.9


def test_round_trip_and_malformed_arrays_are_refused() -> None:
    x, y = _data(800)
    trees = TreeEnsemble.fit(x, y, iterations=5, min_samples_leaf=20)
    arrays = trees.arrays("head.boost")
    again = TreeEnsemble.from_arrays(arrays, "head.boost")
    np.testing.assert_array_equal(again.logit(x), trees.logit(x))
    looped = dict(arrays)
    looped["head.boost.left"] = np.zeros_like(arrays["head.boost.left"])  # every split back to the root
    with pytest.raises(ValueError, match="malformed"):
        TreeEnsemble.from_arrays(looped, "head.boost")


def test_with_content_replaces_one_column_and_keeps_the_others_proportions() -> None:
    proba = np.array([[0.5, 0.3, 0.2], [0.1, 0.0, 0.9]])
    out = with_content(proba, np.array([0.8, 0.4]))
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(out[:, 0], [0.8, 0.4])
    np.testing.assert_allclose(out[0, 1] / out[0, 2], 1.5)
    np.testing.assert_allclose(out[1], [0.4, 0.0, 0.6])
