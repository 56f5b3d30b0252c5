"""Writing output files whole or not at all.

>>> import pathlib, tempfile
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "report.txt"
>>> write_text_atomically(target, "done")
>>> target.read_text()
'done'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from provcheck.errors import OutputError

__all__ = ["write_text_atomically"]


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename it.

    A crash or an error leaves either the old file or none, never half a file; an error writing
    (a full disk, no permission) is an :class:`~provcheck.errors.OutputError` that names the file.
    """
    try:
        _write(path, text)
    except OSError as err:
        raise OutputError(f"{path} could not be written ({err.strerror or err}); it is left as it was; "
                          "free some disk space or give another path") from err


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
