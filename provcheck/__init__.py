"""provcheck: check an AI-drafted briefing, claim by claim, against its sources.

>>> import provcheck
>>> provcheck.Verdict.CONTRADICTED.needs_attention
True
"""

from __future__ import annotations

__version__ = "0.1.0"

from provcheck.config import Settings  # noqa: E402
from provcheck.errors import ProvcheckError  # noqa: E402
from provcheck.pipeline import Checker, check  # noqa: E402
from provcheck.schema import ClaimResult, Evidence, Flag, Omission, Report, Verdict  # noqa: E402

__all__ = [
    "Checker",
    "ClaimResult",
    "Evidence",
    "Flag",
    "Omission",
    "ProvcheckError",
    "Report",
    "Settings",
    "Verdict",
    "__version__",
    "check",
]
