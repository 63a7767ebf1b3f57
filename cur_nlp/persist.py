"""Model folders: ``meta.json`` plus one joblib file per fitted part.

``meta.json`` records the format version, library and scikit-learn
versions, the training data sha256, labels, thresholds, held-out metrics,
creation time and the sha256 of every other file. Loading checks the format
version and every checksum *before* unpickling anything, so a truncated or
tampered folder fails with a clear error instead of running foreign code.
"""
from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import joblib

__all__ = ["FORMAT_VERSION", "ModelError", "save_folder", "read_meta", "load_parts", "sha256_file", "package_version"]

#: Bump when the folder layout or the pickled classes change incompatibly;
#: keep loading older versions for as long as it is possible.
FORMAT_VERSION = 2


class ModelError(RuntimeError):
    """A model folder is missing, incomplete, corrupt or of another format."""


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_folder(folder: Path, meta: dict, parts: dict[str, object]) -> None:
    """Write ``parts`` as ``<name>.joblib`` and ``meta.json`` with their checksums."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, obj in parts.items():
        path = folder / f"{name}.joblib"
        joblib.dump(obj, path, compress=("zlib", 6))  # xz is 30% smaller but 10x slower to write, 6x to read
        files[path.name] = sha256_file(path)
    meta = {**meta, "format_version": FORMAT_VERSION, "files": files}
    with open(folder / "meta.json", "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=2, sort_keys=False)
        f.write("\n")


def read_meta(folder: Path) -> dict:
    """Read and check ``meta.json`` of a model folder (no unpickling)."""
    folder = Path(folder)
    path = folder / "meta.json"
    if not folder.is_dir():
        raise ModelError(f"model folder {folder} does not exist")
    if not path.exists():
        raise ModelError(f"{folder} is not a cur_nlp model: meta.json is missing")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ModelError(f"{path} is not valid JSON: {e}") from None
    version = meta.get("format_version")
    if not isinstance(version, int):
        raise ModelError(f"{path} has no format_version: not a cur_nlp model")
    if version > FORMAT_VERSION:
        raise ModelError(
            f"model {folder} has format {version}, this cur_nlp reads up to {FORMAT_VERSION}: "
            f"upgrade cur_nlp (model made by cur_nlp {meta.get('library_version')})"
        )
    return meta


def package_version(name: str) -> str | None:
    """An installed package's version, from its metadata: importing
    scikit-learn just to ask takes a second."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def load_parts(folder: Path, meta: dict) -> dict[str, object]:
    """Verify every file's checksum, then unpickle them."""
    folder = Path(folder)
    files = meta.get("files") or {}
    for name, digest in files.items():
        path = folder / name
        if not path.exists():
            raise ModelError(f"model {folder} is incomplete: {name} is missing")
        if sha256_file(path) != digest:
            raise ModelError(f"model {folder} is corrupt: checksum of {name} does not match meta.json")
    installed = package_version("scikit-learn")
    if meta.get("sklearn_version") != installed:
        warnings.warn(
            f"model {folder} was trained with scikit-learn {meta.get('sklearn_version')}, "
            f"running {installed}: predictions may differ slightly; retrain to be sure",
            stacklevel=3,
        )
    return {Path(name).stem: joblib.load(folder / name) for name in files}
