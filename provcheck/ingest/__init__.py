"""Files -> :class:`~provcheck.schema.Document`: plain text, hash, page map, metadata.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "note.txt").write_text("Kick-off is at 3pm.")
>>> read_document(folder / "note.txt").text
'Kick-off is at 3pm.'
"""

from __future__ import annotations

from provcheck.ingest.files import SUFFIXES, iter_source_files, read_document, read_sources, source_files

__all__ = ["SUFFIXES", "iter_source_files", "read_document", "read_sources", "source_files"]
