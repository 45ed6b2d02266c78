"""The linear layers: scoring, the round trip through arrays, and several heads' text layers in one
product."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from classifier.layers import LinearLayer, TextLayers


def layer(seed: int, n_sparse: int = 6, n_dense: int = 2, n_classes: int = 3) -> LinearLayer:
    rng = np.random.default_rng(seed)
    return LinearLayer(
        coef=rng.normal(size=(n_classes, n_sparse + n_dense)),
        intercept=rng.normal(size=n_classes),
        mean=rng.normal(size=n_dense),
        scale=rng.uniform(0.5, 2.0, size=n_dense),
    )


SPARSE = sp.csr_matrix(np.array([[1.0, 0, 0, 2, 0, 0], [0, 0, 3, 0, 0, 1]]))
DENSE = np.array([[0.5, -1.0], [2.0, 0.0]])


def test_a_layer_is_a_softmax_over_its_sparse_and_standardised_dense_blocks():
    one = layer(0)
    x = np.hstack([SPARSE.toarray(), (DENSE - one.mean) / one.scale])
    z = x @ one.coef.T + one.intercept
    expected = np.exp(z - z.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(one.proba(SPARSE, DENSE), expected)
    assert np.allclose(one.proba(SPARSE, DENSE).sum(axis=1), 1.0)


def test_arrays_round_trip():
    one = layer(1)
    back = LinearLayer.from_arrays(one.arrays("head.stage1"), "head.stage1")
    assert np.array_equal(back.proba(SPARSE, DENSE), one.proba(SPARSE, DENSE))


def test_text_layers_give_each_layer_its_own_product():
    layers = [layer(2), layer(3), layer(4)]
    products = TextLayers(layers).products(SPARSE)
    assert len(products) == 3
    for one, product in zip(layers, products, strict=True):
        assert np.allclose(product, SPARSE @ one.sparse_coef_t)
        assert np.allclose(one.logits(SPARSE, DENSE, product), one.logits(SPARSE, DENSE))
