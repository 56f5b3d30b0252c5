"""Claim + evidence -> verdict: deterministic checks, an optional verifier, aggregation.

>>> is_weak_grading("3/E/1")
True
"""

from __future__ import annotations

from provcheck.verify.aggregate import SourceFacts, decide, is_weak_grading
from provcheck.verify.base import Verifier
from provcheck.verify.judge import Judgement, judge

__all__ = ["Judgement", "SourceFacts", "Verifier", "decide", "is_weak_grading", "judge"]
