import json
import shutil

import numpy as np
import pytest

from classifier import artifact
from classifier.errors import ArtifactError
from classifier.model import load_model


def _arrays():
    rng = np.random.default_rng(0)
    return {"a.coef": rng.normal(size=(3, 4)).astype(np.float32), "a.bias": np.arange(3, dtype=np.float32)}


def test_weights_file_is_byte_for_byte_deterministic(tmp_path):
    artifact.write_weights(tmp_path / "one.npz", _arrays())
    artifact.write_weights(tmp_path / "two.npz", _arrays())
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()


def test_round_trip(tmp_path):
    written = artifact.save(tmp_path, {"labels": ["x"], "model_version": "t"}, _arrays())
    loaded = artifact.load(tmp_path, expect={"labels": ["x"]})
    assert loaded.manifest == written
    for name, value in _arrays().items():
        np.testing.assert_array_equal(loaded.arrays[name], value)


def test_tampered_weights_are_refused(tmp_path):
    artifact.save(tmp_path, {"labels": ["x"]}, _arrays())
    other = _arrays()
    other["a.bias"] = other["a.bias"] + 1
    artifact.write_weights(tmp_path / artifact.WEIGHTS, other)
    with pytest.raises(ArtifactError, match="SHA-256"):
        artifact.load(tmp_path, expect={})


def test_mismatched_code_is_refused(tmp_path):
    artifact.save(tmp_path, {"labels": ["x"]}, _arrays())
    with pytest.raises(ArtifactError, match="labels"):
        artifact.load(tmp_path, expect={"labels": ["y"]})


def test_other_library_version_is_refused(tmp_path):
    artifact.save(tmp_path, {}, _arrays())
    manifest = json.loads((tmp_path / artifact.MANIFEST).read_text())
    manifest["libraries"]["scikit-learn"] = "0.1.0"
    (tmp_path / artifact.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError, match="scikit-learn"):
        artifact.load(tmp_path, expect={})


def test_missing_and_garbage_manifests_are_refused(tmp_path):
    with pytest.raises(ArtifactError, match="no model manifest"):
        artifact.load(tmp_path, expect={})
    (tmp_path / artifact.MANIFEST).write_text("{not json")
    with pytest.raises(ArtifactError, match="JSON"):
        artifact.load(tmp_path, expect={})


def test_pickled_weights_are_refused(tmp_path):
    artifact.save(tmp_path, {}, _arrays())
    objects = {"a.coef": np.array([{"x": 1}], dtype=object), "a.bias": np.arange(3, dtype=np.float32)}
    np.savez(tmp_path / artifact.WEIGHTS, **objects)
    manifest = json.loads((tmp_path / artifact.MANIFEST).read_text())
    manifest["weights"]["sha256"] = artifact.sha256_file(tmp_path / artifact.WEIGHTS)
    (tmp_path / artifact.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError):
        artifact.load(tmp_path, expect={})


def test_shipped_model_loads_and_a_tampered_copy_does_not(tmp_path, shipped_model):
    assert shipped_model.version.startswith("0.")
    copy = tmp_path / "model"
    shutil.copytree(artifact_dir(), copy)
    load_model(copy)
    data = bytearray((copy / artifact.WEIGHTS).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / artifact.WEIGHTS).write_bytes(bytes(data))
    with pytest.raises(ArtifactError):
        load_model(copy)


def artifact_dir():
    from classifier.model import DEFAULT_MODEL_DIR

    return DEFAULT_MODEL_DIR


def test_a_model_built_on_other_phrase_lists_is_refused(tmp_path):
    # The features count the lists in classifier/lexicons/; a model trained on other lists reads
    # different numbers, so loading it must fail rather than answer quietly wrong.
    from classifier.lexicon import lexicons_sha256

    copy = tmp_path / "model"
    shutil.copytree(artifact_dir(), copy)
    manifest = json.loads((copy / artifact.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["lexicons_sha256"] == lexicons_sha256()
    manifest["lexicons_sha256"] = "0" * 64
    (copy / artifact.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ArtifactError, match=r"lexicons_sha256.*retrain"):
        load_model(copy)
