"""Writing a drill's files: the doctored briefing in the input's format, the key, the sheets.

>>> from pathlib import Path
>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> write_doctored(Path("b.txt"), "Fans came.", "Fans ran.", out).name
'briefing.txt'
"""

from __future__ import annotations

import json
from pathlib import Path

from provcheck.atomic import write_text_atomically
from provcheck.drills.records import AnswerKey
from provcheck.errors import EmptyInputError, InputError, UnsupportedFormatError

__all__ = ["KEY_FILE", "FORMATS", "load_key", "write_doctored", "write_text"]

KEY_FILE = "key.json"
FORMATS = (".txt", ".md", ".docx")


write_text = write_text_atomically


def write_doctored(source: Path, original: str, doctored: str, out: Path) -> Path:
    """Write the doctored text as ``out/briefing<suffix>`` in the source briefing's format.

    Markdown keeps its front matter: provcheck reads it as blanks of the same
    length, so the text after it lines up with ``original``.
    """
    suffix = source.suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormatError(f"{source}: drills write {', '.join(FORMATS)}; save the briefing as one of them")
    target = out / f"briefing{suffix}"
    if suffix == ".docx":
        _write_docx(target, doctored)
    elif suffix == ".md" and source.is_file():
        raw = source.read_text(encoding="utf-8")
        head = _front_length(raw, original)
        write_text(target, raw[:head] + doctored[head:])
    else:
        write_text(target, doctored)
    return target


def _front_length(raw: str, text: str) -> int:
    """Where the raw file and its read text start to agree (the end of the front matter)."""
    if len(raw) != len(text):
        return 0
    differ = [i for i, (a, b) in enumerate(zip(raw, text, strict=True)) if a != b]
    return differ[-1] + 1 if differ else 0


def _write_docx(target: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))


def load_key(drill: Path) -> AnswerKey:
    """The answer key of the drill folder ``drill``."""
    path = Path(drill) / KEY_FILE
    if not path.is_file():
        raise EmptyInputError(f"{path}: no answer key here; make one with: provcheck drill make BRIEFING -o {drill}")
    try:
        return AnswerKey.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except ValueError as err:
        raise InputError(f"{path}: not a drill answer key ({str(err).splitlines()[0]}); "
                         "make the drill again with: provcheck drill make") from err
