"""What ``provcheck claims`` shows: the claims of a briefing file, as text or JSON lines.

>>> from provcheck.claims import extract_claims
>>> print(render_claims(extract_claims("Police said that 12 fans were arrested."), "text"), end="")
c1 [0:39] checkable, asserted, attributed to Police: Police said that 12 fans were arrested.
    spans: [17:39]
    standalone: 12 fans were arrested.
    atoms: number:12 (=12 fan)
"""

from __future__ import annotations

from pathlib import Path

from provcheck.claims.dates import as_of_date
from provcheck.claims.extract import extract_claims
from provcheck.claims.llm import LlmExtraction, extract_claims_llm
from provcheck.errors import InputError
from provcheck.schema import Atom, AtomKind, Claim

__all__ = ["claims_of_file", "render_claims"]


def claims_of_file(path: Path, *, as_of: str | None = None, llm: str | None = None) -> LlmExtraction:
    """The claims of a briefing file; relative dates count from ``as_of``, else the file's own date."""
    from provcheck.ingest import read_document

    document = read_document(path)
    day = as_of_date(as_of or document.metadata.date)
    if as_of and day is None:
        raise InputError(f"--as-of {as_of!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-10-21")
    if llm:
        return extract_claims_llm(document.text, llm, as_of=day)
    return LlmExtraction(claims=extract_claims(document.text, as_of=day))


def render_claims(claims: list[Claim], fmt: str) -> str:
    """``text`` for people, ``json`` for one JSON record a line."""
    if fmt == "json":
        return "".join(claim.model_dump_json() + "\n" for claim in claims)
    return "".join(_text(claim) for claim in claims)


def _text(claim: Claim) -> str:
    state = "checkable" if claim.checkable else f"not checkable ({claim.reason_not_checkable})"
    source = f", attributed to {claim.attribution}" if claim.attribution else ""
    lines = [f"{claim.id} [{claim.start}:{claim.end}] {state}, {claim.certainty.value}{source}: {claim.text}"]
    if claim.spans and [(s.start, s.end) for s in claim.spans] != [(claim.start, claim.end)]:
        lines.append("    spans: " + ", ".join(f"[{s.start}:{s.end}]" for s in claim.spans))
    if claim.standalone and claim.standalone != claim.text:
        lines.append(f"    standalone: {claim.standalone}")
    if claim.atoms:
        lines.append("    atoms: " + ", ".join(_atom(a) for a in claim.atoms))
    return "\n".join(lines) + "\n"


def _atom(atom: Atom) -> str:
    if atom.kind is AtomKind.TIME and atom.value is not None:
        clock = f"{int(atom.value) // 60:02d}:{int(atom.value) % 60:02d}"
        return f"{atom.kind.value}:{atom.text} (={'~' if atom.approximate else ''}{clock})"
    detail = atom.resolved or (f"{atom.low:g}-{atom.high:g}" if atom.low is not None and atom.high is not None
                               else (f"{atom.value:g}" if atom.value is not None else ""))
    detail = (f"~{detail}" if atom.approximate and detail else detail) + (f" {atom.unit}" if atom.unit else "")
    return f"{atom.kind.value}:{atom.text}" + (f" (={detail})" if detail else "")
