"""What the briefing leaves out: source statements about its subjects that weaken it and that it never states.

>>> from provcheck.ledger.testing import tiny_report
>>> wanted(tiny_report("We recommend that the away allocation be withdrawn."), None)
True
>>> wanted(tiny_report("Kick-off is at 12:30."), None)
False
"""

from __future__ import annotations

from provcheck.omissions.find import OmissionSearch, find_omissions, wanted

__all__ = ["OmissionSearch", "find_omissions", "wanted"]
