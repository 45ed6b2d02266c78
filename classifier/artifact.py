"""The shipped model on disk: ``manifest.json`` plus ``weights.npz`` (numbers only).

No pickle anywhere: the text hashers are stateless and rebuilt from the parameters in the manifest, the
linear layers are plain arrays, and the weights are read with ``allow_pickle=False``. Loading checks the
schema version, the labels, the feature names against the code, the library versions the weights were
trained with, every array's shape, and the SHA-256 of the weights file; any mismatch is an
``ArtifactError`` that says what differs.

The weights file is written byte-for-byte deterministically (fixed zip timestamps, sorted arrays), so
training twice on the same data gives the same hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from classifier.errors import ArtifactError

SCHEMA_VERSION = 1
MANIFEST = "manifest.json"
WEIGHTS = "weights.npz"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Artifact:
    manifest: dict[str, Any]
    arrays: dict[str, np.ndarray]


def library_versions() -> dict[str, str]:
    return {
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "numpy": np.__version__,
        "scikit-learn": sklearn.__version__,
    }


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_weights(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An ``.npz`` that ``np.load`` reads, with no timestamps or other run-to-run noise."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=6)


def save(directory: Path, manifest: dict[str, Any], arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """Write the artifact; returns the manifest as written (with the weights' hash and shapes)."""
    directory.mkdir(parents=True, exist_ok=True)
    weights_path = directory / WEIGHTS
    write_weights(weights_path, arrays)
    full = dict(manifest)
    full["schema_version"] = SCHEMA_VERSION
    full["libraries"] = library_versions()
    full["weights"] = {
        "file": WEIGHTS,
        "sha256": sha256_file(weights_path),
        "arrays": {name: [str(arrays[name].dtype), list(arrays[name].shape)] for name in sorted(arrays)},
    }
    text = json.dumps(full, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (directory / MANIFEST).write_text(text, encoding="utf-8")
    return full


def load(directory: Path, *, expect: dict[str, Any]) -> Artifact:
    """Read and verify an artifact. ``expect`` holds what the running code needs (labels, features)."""
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise ArtifactError(f"no model manifest at {manifest_path}; run `linesift train` to build one")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArtifactError(f"{manifest_path} is not readable JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise ArtifactError(f"{manifest_path} does not hold a JSON object")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ArtifactError(
            f"model schema version {manifest.get('schema_version')!r}; this code reads {SCHEMA_VERSION}"
        )
    for key, wanted in expect.items():
        if manifest.get(key) != wanted:
            raise ArtifactError(
                f"model manifest field {key!r} does not match this code: the model was built by another "
                "version of linesift; retrain it with `linesift train`"
            )
    libs = manifest.get("libraries", {})
    here = library_versions()
    for lib in ("numpy", "scikit-learn"):
        if _minor(str(libs.get(lib, "?"))) != _minor(here[lib]):
            raise ArtifactError(
                f"model was trained with {lib} {libs.get(lib)}, this environment has {here[lib]}; "
                "install the pinned requirements or retrain"
            )
    weights_info = manifest.get("weights", {})
    weights_path = directory / str(weights_info.get("file", WEIGHTS))
    if not weights_path.is_file():
        raise ArtifactError(f"model weights missing: {weights_path}")
    digest = sha256_file(weights_path)
    if digest != weights_info.get("sha256"):
        raise ArtifactError(
            f"model weights {weights_path} do not match the manifest's SHA-256 (tampered or out of date)"
        )
    try:
        with np.load(weights_path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ArtifactError(f"model weights {weights_path} cannot be read: {exc}") from exc
    declared = weights_info.get("arrays", {})
    if sorted(declared) != sorted(arrays):
        raise ArtifactError("model weights hold other arrays than the manifest lists")
    for name, (dtype, shape) in declared.items():
        if str(arrays[name].dtype) != dtype or list(arrays[name].shape) != shape:
            raise ArtifactError(
                f"model array {name} is {arrays[name].dtype}{arrays[name].shape}, "
                f"the manifest says {dtype}{tuple(shape)}"
            )
        if not np.all(np.isfinite(arrays[name])):
            raise ArtifactError(f"model array {name} holds non-finite numbers")
    return Artifact(manifest=manifest, arrays=arrays)
