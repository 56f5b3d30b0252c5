"""Document metadata from YAML front matter or a ``<name>.meta.yaml`` sidecar."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from provcheck.errors import InputError

__all__ = ["read_sidecar", "split_front_matter"]

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """Split a leading ``---`` YAML block from the text.

    The returned text is blanked, not cut, where the block was, so offsets into
    it are offsets into the original file's text.

    >>> body, meta = split_front_matter("---\\ntitle: Log\\n---\\nBody")
    >>> meta["title"], body.lstrip()
    ('Log', 'Body')
    """
    match = _FRONT.match(text)
    if not match:
        return text, {}
    meta = _load_yaml(match.group(1), "front matter")
    blank = re.sub(r"[^\n]", " ", match.group(0))
    return blank + text[match.end():], meta


def read_sidecar(path: Path) -> dict[str, Any]:
    """The metadata in ``<stem>.meta.yaml`` beside ``path``, or ``{}``."""
    sidecar = path.with_name(path.stem + ".meta.yaml")
    if not sidecar.is_file():
        return {}
    return _load_yaml(sidecar.read_text(encoding="utf-8", errors="replace"), str(sidecar))


def _load_yaml(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InputError(f"{where}: invalid YAML metadata ({err}); fix or remove it") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"{where}: metadata must be a mapping of keys to values")
    return {str(key): value for key, value in data.items()}
