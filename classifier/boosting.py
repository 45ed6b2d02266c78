"""Gradient-boosted trees for one yes/no question ("is this line content?"), stored as flat arrays.

The linear context stage adds up its evidence; some of what the page says is a conjunction — a short
line is content *when* the lines around it are content and the page is mostly prose, a menu entry when
they are not. A small boosted-tree ensemble over the same stacked inputs learns such interactions
(docs/quality.md measures what it adds). scikit-learn's ``HistGradientBoostingClassifier`` fits it; the
trees are then copied into plain arrays so the artifact stays numbers only (``allow_pickle=False``) and
scoring is a few vectorised steps over all lines and all trees at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

_FIELDS = ("feature", "threshold", "missing_left", "left", "right", "value", "roots", "baseline")


@dataclass(frozen=True)
class TreeEnsemble:
    """Binary boosted trees: every tree's nodes laid end to end.

    ``feature`` is -1 at a leaf; ``left``/``right`` are absolute node indices; ``value`` holds the
    leaf's contribution to the logit (learning rate already applied); ``roots`` each tree's first node.
    """

    feature: np.ndarray  # int32 (n_nodes,)
    threshold: np.ndarray  # float64 (n_nodes,)
    missing_left: np.ndarray  # uint8 (n_nodes,): where a NaN goes
    left: np.ndarray  # int32 (n_nodes,)
    right: np.ndarray  # int32 (n_nodes,)
    value: np.ndarray  # float64 (n_nodes,)
    roots: np.ndarray  # int32 (n_trees,)
    baseline: np.ndarray  # float64 (1,)

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        *,
        iterations: int,
        max_depth: int = 4,
        min_samples_leaf: int = 100,
        learning_rate: float = 0.2,
    ) -> TreeEnsemble:
        """Fit on ``y`` in {0, 1}; deterministic (no early stopping, so no random validation split).

        No sample weights: scikit-learn's histogram boosting runs some twenty times slower with them
        (measured); callers that weigh lines draw a weighted sample instead (``LineModel``).
        """
        clf = HistGradientBoostingClassifier(
            max_iter=iterations,
            learning_rate=learning_rate,
            max_depth=max_depth,
            max_leaf_nodes=None,
            min_samples_leaf=min_samples_leaf,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=0,
        )
        clf.fit(x, y.astype(np.int64))
        if list(clf.classes_) != [0, 1]:
            raise ValueError("boosted trees need both classes in the training lines")
        return cls.from_sklearn(clf)

    @classmethod
    def from_sklearn(cls, clf: HistGradientBoostingClassifier) -> TreeEnsemble:
        """Copy a fitted binary ``HistGradientBoostingClassifier``'s trees into flat arrays."""
        parts: dict[str, list[np.ndarray]] = {
            k: [] for k in ("feature", "threshold", "missing", "left", "right", "value")
        }
        roots, offset = [], 0
        for (predictor,) in clf._predictors:
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            leaf = nodes["is_leaf"].astype(bool)
            roots.append(offset)
            parts["feature"].append(np.where(leaf, -1, nodes["feature_idx"]).astype(np.int32))
            parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
            parts["missing"].append(nodes["missing_go_to_left"].astype(np.uint8))
            parts["left"].append(
                np.where(leaf, np.arange(len(nodes)), nodes["left"]).astype(np.int32) + offset
            )
            parts["right"].append(
                np.where(leaf, np.arange(len(nodes)), nodes["right"]).astype(np.int32) + offset
            )
            parts["value"].append(np.where(leaf, nodes["value"], 0.0).astype(np.float64))
            offset += len(nodes)
        return cls(
            feature=np.concatenate(parts["feature"]),
            threshold=np.concatenate(parts["threshold"]),
            missing_left=np.concatenate(parts["missing"]),
            left=np.concatenate(parts["left"]),
            right=np.concatenate(parts["right"]),
            value=np.concatenate(parts["value"]),
            roots=np.asarray(roots, dtype=np.int32),
            baseline=np.asarray(clf._baseline_prediction, dtype=np.float64).ravel()[:1],
        )

    @cached_property
    def depth(self) -> int:
        """The longest root-to-leaf walk: how many steps ``logit`` takes."""
        level = np.zeros(len(self.feature), dtype=np.int64)
        for node in np.flatnonzero(self.feature >= 0):  # parents come before their children
            level[self.left[node]] = level[self.right[node]] = level[node] + 1
        return int(level.max(initial=0))

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Raw scores, shape ``(len(x),)``: all lines walk all trees together, one level per step (a
        leaf points to itself both ways, so finished walks stay put). The walks are one flat array,
        line by line, read with ``ndarray.take`` on native-size indices: a third faster than fancy
        indexing of a 2-D array, and the same sums in the same order."""
        n, width = x.shape
        flat = np.ascontiguousarray(x, dtype=np.float64).ravel()
        n_trees = len(self.roots)
        start = np.repeat(np.arange(n, dtype=np.intp) * width, n_trees)  # each walk's line in ``flat``
        missing = bool(np.isnan(flat).any())
        feature, children, missing_left = self._walk_arrays
        node = np.tile(self.roots.astype(np.intp), n)
        for _ in range(self.depth):
            values = flat.take(start + feature.take(node))
            go_left = values <= self.threshold.take(node)
            if missing:
                go_left |= np.isnan(values) & missing_left.take(node)
            node = children.take(2 * node + go_left)
        return self.baseline[0] + self.value.take(node).reshape(n, n_trees).sum(axis=1)

    @cached_property
    def _walk_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What ``logit`` reads at each step, laid out for one gather per question: the feature each
        node splits on (0 at a leaf, whose walk stays put whatever it reads), each node's right then
        left child (``children[2 * node + go_left]``), both as native-size indices, and where a NaN
        goes as booleans."""
        children = np.stack([self.right, self.left], axis=1).ravel().astype(np.intp)
        return np.maximum(self.feature, 0).astype(np.intp), children, self.missing_left == 1

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(yes) per row."""
        return 1.0 / (1.0 + np.exp(-self.logit(x)))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.{name}": getattr(self, name) for name in _FIELDS}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> TreeEnsemble:
        tree = cls(**{name: arrays[f"{prefix}.{name}"] for name in _FIELDS})
        n = len(tree.feature)
        inner = tree.feature >= 0
        if not (
            len(tree.threshold)
            == len(tree.left)
            == len(tree.right)
            == len(tree.value)
            == len(tree.missing_left)
            == n
            and tree.baseline.shape == (1,)
            and ((tree.roots >= 0) & (tree.roots < n)).all()
            and ((tree.left >= 0) & (tree.left < n) & (tree.right >= 0) & (tree.right < n)).all()
            # every split leads further down, so a walk cannot loop
            and (tree.left[inner] > np.flatnonzero(inner)).all()
            and (tree.right[inner] > np.flatnonzero(inner)).all()
        ):
            raise ValueError(f"boosted trees {prefix!r} are malformed")
        return tree


def with_content(proba: np.ndarray, content: np.ndarray, column: int = 0) -> np.ndarray:
    """``proba`` with the content column replaced by ``content`` and the other labels rescaled to the
    rest, keeping their proportions: the trees answer "content or not", the linear stage says which
    kind of not."""
    out = proba.copy()
    others = np.delete(np.arange(proba.shape[1]), column)
    rest = proba[:, others].sum(axis=1, keepdims=True)
    out[:, others] = proba[:, others] / np.maximum(rest, 1e-12) * (1.0 - content)[:, None]
    out[:, column] = content
    return out
