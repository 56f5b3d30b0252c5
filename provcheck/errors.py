"""The errors provcheck raises, as one small tree.

::

    ProvcheckError                  anything provcheck refuses to do
    ├── InputError                  a file or argument the user gave is unusable
    │   ├── UnsupportedFormatError  no reader for this file type
    │   ├── UnreadableFileError     corrupt, encrypted, binary or wrongly encoded
    │   ├── FileTooLargeError       over the configured size limit
    │   └── EmptyInputError         nothing to check or nothing to check against
    ├── ConfigError                 a setting has a wrong name or value
    ├── ModelError                  a model package or file is missing or broken
    ├── CorpusError                 the corpus database is unusable
    ├── OutputError                 a file provcheck writes could not be written (a full disk, no permission)
    └── LedgerError                 the audit ledger is unusable or refuses an entry
        ├── SignoffRefusedError     approval while a claim needing attention has no override
        └── LedgerTamperedError     the chain fails verification: an entry is not shown or exported

Every message says what went wrong, with which file, and what to do next.

>>> try:
...     raise EmptyInputError("briefing.md has no text; write the briefing first")
... except ProvcheckError as err:
...     print(err)
briefing.md has no text; write the briefing first
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CorpusError",
    "EmptyInputError",
    "FileTooLargeError",
    "InputError",
    "LedgerError",
    "LedgerTamperedError",
    "ModelError",
    "OutputError",
    "ProvcheckError",
    "SignoffRefusedError",
    "UnreadableFileError",
    "UnsupportedFormatError",
]


class ProvcheckError(Exception):
    """Base of every error provcheck raises on purpose."""


class InputError(ProvcheckError):
    """A file or argument given by the user cannot be used."""


class UnsupportedFormatError(InputError):
    """No reader handles this file type."""


class UnreadableFileError(InputError):
    """The file is corrupt, encrypted, binary or not in the expected encoding."""


class FileTooLargeError(InputError):
    """The file is larger than the configured limit."""


class EmptyInputError(InputError):
    """There is nothing to check, or nothing to check against."""


class ConfigError(ProvcheckError):
    """A setting has an unknown name or an invalid value."""


class ModelError(ProvcheckError):
    """A model package or model file is missing or cannot be loaded."""


class CorpusError(ProvcheckError):
    """The corpus database is missing, locked or of an unknown version."""


class OutputError(ProvcheckError):
    """A report or other output file could not be written; the file is left as it was."""


class LedgerError(ProvcheckError):
    """The audit ledger is missing, of an unknown version, or refuses an entry."""


class SignoffRefusedError(LedgerError):
    """Approval was refused: some claim that needs attention, or statement left out, has no override reason.

    ``claims`` and ``omissions`` name them (ids: c1..., o1...), for a page to ask for each reason in
    its own words.
    """

    def __init__(self, message: str, claims: list[str] | None = None, omissions: list[str] | None = None) -> None:
        super().__init__(message)
        self.claims = list(claims or [])
        self.omissions = list(omissions or [])


class LedgerTamperedError(LedgerError):
    """The ledger fails verification, so an entry is not shown or exported as if it were what was recorded."""
