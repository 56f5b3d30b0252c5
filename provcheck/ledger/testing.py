"""Small, real ledger inputs for examples and tests: a one-claim report built without the models.

>>> tiny_report().claims[0].verdict.value
'unsupported'
>>> tiny_report("Kick-off is at 12:30.", verdict="supported").needs_attention
False
>>> tiny_report("Kick-off is at 12:30.", verdict="supported", flags=["certainty_raised"]).needs_attention
True
>>> [o.id for o in tiny_report(omitted=["No arrests were made."]).omissions]
['o1']
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from provcheck import __version__
from provcheck.schema import BriefingRef, ClaimResult, Flag, Omission, Report, SourceRef, ToolInfo, Verdict

__all__ = ["tiny_report"]


def tiny_report(text: str = "Fans were arrested at the March fixture.", *, verdict: str = "unsupported",
                name: str = "briefing.md", flags: Sequence[str] = (), omitted: Sequence[str] = ()) -> Report:
    """A report of one claim (the whole ``text``) with the given verdict and flags, against one source.

    Each of ``omitted`` is a statement of that source the briefing leaves out (o1, o2...), bearing on the claim.
    """
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    claim = ClaimResult(id="c1", text=text, start=0, end=len(text), sentence=text, verdict=Verdict(verdict),
                        confidence=0.9, reason="example", flags=[Flag(f) for f in flags])
    return Report(
        briefing=BriefingRef(path=name, sha256=sha), briefing_text=text,
        sources=[SourceRef(path="log.txt", sha256="0" * 64, title="Match log", grading="B2")],
        claims=[claim], summary={v: int(v == claim.verdict) for v in Verdict},
        tool=ToolInfo(version=__version__, models={"embedder": "hashing", "verifier": "rules"},
                      settings={"top_k": 5}),
        omissions=[_omission(i, quote, text) for i, quote in enumerate(omitted, start=1)])


def _omission(i: int, quote: str, text: str) -> Omission:
    return Omission(id=f"o{i}", quote=quote, source="log.txt", sha256="0" * 64, start=0, end=len(quote),
                    grading="B2", why="It says what the briefing leaves out.", bears_on=text, bears_on_start=0,
                    bears_on_end=len(text), claim_ids=["c1"], score=0.5)
