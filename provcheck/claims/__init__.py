"""Briefing text -> :class:`~provcheck.schema.Claim` records with spans and atoms.

>>> [claim.text for claim in extract_claims("Kick-off is at 3pm. Should we worry?")]
['Kick-off is at 3pm.', 'Should we worry?']
"""

from __future__ import annotations

from provcheck.claims.extract import extract_claims

__all__ = ["extract_claims"]
