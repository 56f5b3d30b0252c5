"""The audit ledger: every check recorded, hash-chained, signed off by a named person, re-checkable.

One append-only SQLite file (WAL mode). Each entry's hash covers its content
and the previous entry's hash, so ``verify`` finds any edited, deleted or
reordered entry. A sign-off entry records who approved or rejected which check
and the reason for every override; approval is refused while a claim that
needs attention, or a statement the briefing leaves out, has no override.

>>> import tempfile, pathlib
>>> from provcheck.ledger.testing import tiny_report
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.db"
>>> with Ledger(path) as ledger:
...     entry = ledger.append_check(tiny_report())
...     try:
...         ledger.signoff(entry.seq, "A. Shaw", "approve")
...     except SignoffRefusedError as err:
...         print(str(err).splitlines()[0])
...     _ = ledger.signoff(entry.seq, "A. Shaw", "reject")
...     print(ledger.verify().ok, [e.kind.value for e in ledger.entries()])
approval of entry 1 refused: 1 claim(s) need attention and have no override reason:
True ['check', 'signoff']

The ledger path of ``provcheck check``: ``--ledger PATH``, else the environment
variable ``PROVCHECK_LEDGER``, else ``provcheck-ledger.db`` in the current folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from provcheck.errors import LedgerError, SignoffRefusedError
from provcheck.ledger.core import Ledger, check_content, unresolved, unresolved_omissions
from provcheck.ledger.records import (
    ChainLink,
    CheckContent,
    Decision,
    Entry,
    EntryFilter,
    EntryKind,
    ModelRecord,
    Override,
    SignoffContent,
    VerifyResult,
)
from provcheck.ledger.signing import Signer, generate_key, public_key_hex
from provcheck.schema import Report

__all__ = [
    "DEFAULT_LEDGER",
    "LEDGER_ENV",
    "ChainLink",
    "CheckContent",
    "Decision",
    "Entry",
    "EntryFilter",
    "EntryKind",
    "Ledger",
    "LedgerError",
    "ModelRecord",
    "Override",
    "SignoffContent",
    "SignoffRefusedError",
    "Signer",
    "VerifyResult",
    "check_content",
    "generate_key",
    "ledger_path",
    "public_key_hex",
    "record_check",
    "unresolved",
    "unresolved_omissions",
]

DEFAULT_LEDGER = "provcheck-ledger.db"
"""The ledger file used when neither ``--ledger`` nor ``PROVCHECK_LEDGER`` names one (current folder)."""
LEDGER_ENV = "PROVCHECK_LEDGER"


def ledger_path(path: str | Path | None = None) -> Path:
    """The ledger to use: ``path`` if given, else ``$PROVCHECK_LEDGER``, else ``./provcheck-ledger.db``.

    >>> ledger_path("audit.db").name
    'audit.db'
    """
    return Path(path or os.environ.get(LEDGER_ENV) or DEFAULT_LEDGER)


def record_check(report: Report, path: str | Path | None = None, *, sign_key: str | Path | None = None) -> Entry:
    """Append one check to the ledger at :func:`ledger_path` (signed when ``sign_key`` names a key file).

    >>> import tempfile, pathlib
    >>> from provcheck.ledger.testing import tiny_report
    >>> entry = record_check(tiny_report(), pathlib.Path(tempfile.mkdtemp()) / "l.db")
    >>> entry.seq, entry.content.briefing.path
    (1, 'briefing.md')
    """
    signer = Signer.from_file(sign_key) if sign_key else None
    with Ledger(ledger_path(path), signer=signer) as ledger:
        return ledger.append_check(report)
