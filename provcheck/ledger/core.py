"""The Ledger: append checks and sign-offs, read them back, verify the chain.

>>> import tempfile, pathlib
>>> from provcheck.ledger.testing import tiny_report
>>> with Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.db") as ledger:
...     check = ledger.append_check(tiny_report())
...     refused = [c.id for c in unresolved(check, {})]
...     done = ledger.signoff(check.seq, "A. Shaw", "approve", {"c1": "Confirmed by phone with the duty officer."})
...     result = ledger.verify()
>>> refused, done.seq, result.ok, result.entries
(['c1'], 2, True, 2)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from textwrap import shorten

from provcheck.errors import LedgerError, LedgerTamperedError, SignoffRefusedError
from provcheck.ledger.chain import GENESIS, canonical, content_sha256, entry_hash, link_problem, sha256_hex
from provcheck.ledger.fingerprint import model_records
from provcheck.ledger.records import (
    ChainLink,
    CheckContent,
    Decision,
    Entry,
    EntryFilter,
    EntryKind,
    Override,
    SignoffContent,
    VerifyResult,
)
from provcheck.ledger.signing import Signer, signature_ok
from provcheck.ledger.store import LedgerDB, Row, derived_columns
from provcheck.schema import ATTENTION_FLAGS, ClaimResult, Omission, Report

__all__ = ["Ledger", "check_content", "unresolved", "unresolved_omissions"]


def check_content(report: Report) -> CheckContent:
    """What a check entry records for ``report`` (model weights are hashed here)."""
    return CheckContent(
        briefing=report.briefing, briefing_text_sha256=sha256_hex(report.briefing_text.encode("utf-8")),
        sources=report.sources, tool_version=report.tool.version, models=model_records(report.tool.models),
        settings=report.tool.settings, report=report)


def _overrides(overrides: Mapping[str, str] | Iterable[Override]) -> list[Override]:
    items = overrides.items() if isinstance(overrides, Mapping) else ((o.claim_id, o.reason) for o in overrides)
    result = []
    for claim_id, reason in items:
        if not reason or not reason.strip():
            raise LedgerError(f"the override for {claim_id} has no reason; say why the claim is acceptable")
        result.append(Override(claim_id=claim_id, reason=reason.strip()))
    return result


def unresolved(check: Entry, overrides: Mapping[str, str] | Iterable[Override]) -> list[ClaimResult]:
    """The claims of a check entry that need attention and have no override: what blocks approval."""
    if not isinstance(check.content, CheckContent):
        raise LedgerError(f"entry {check.seq} is a sign-off, not a check")
    given = {o.claim_id for o in _overrides(overrides)}
    return [c for c in check.content.report.attention if c.id not in given]


def unresolved_omissions(check: Entry, overrides: Mapping[str, str] | Iterable[Override]) -> list[Omission]:
    """The statements a check entry's briefing leaves out that have no override: they block approval too.

    >>> import tempfile, pathlib
    >>> from provcheck.ledger.testing import tiny_report
    >>> with Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.db") as ledger:
    ...     check = ledger.append_check(tiny_report(omitted=["No arrests were made."]))
    >>> [o.id for o in unresolved_omissions(check, {})], unresolved_omissions(check, {"o1": "Known to all."})
    (['o1'], [])
    """
    if not isinstance(check.content, CheckContent):
        raise LedgerError(f"entry {check.seq} is a sign-off, not a check")
    given = {o.claim_id for o in _overrides(overrides)}
    return [o for o in check.content.report.omissions if o.id not in given]


def _refusal(check: Entry, missing: list[ClaimResult], omitted: list[Omission]) -> SignoffRefusedError:
    lines = [f"  {c.id} {_why(c)}: {_short(c.text)}" for c in missing]
    lines += [f"  {o.id} left out by the briefing ({o.source}): {_short(o.quote)}" for o in omitted]
    what = [f"{len(missing)} claim(s) need attention"] if missing else []
    what += [f"{len(omitted)} statement(s) left out by the briefing"] if omitted else []
    return SignoffRefusedError(
        f"approval of entry {check.seq} refused: {' and '.join(what)} and have no override reason:\n"
        + "\n".join(lines)
        + "\nfix the briefing and check it again, or give --override CLAIM_ID \"reason\" for each",
        claims=[c.id for c in missing], omissions=[o.id for o in omitted])


def _short(text: str) -> str:
    return shorten(" ".join(text.split()), 100, placeholder=" ...")


def _why(claim: ClaimResult) -> str:
    """The verdict, with the flags that make a claim need attention (a supported claim can)."""
    flags = [f.value for f in claim.flags if f in ATTENTION_FLAGS]
    return claim.verdict.value + (f" ({', '.join(flags)})" if flags else "")


def _entry(row: Row) -> Entry:
    fields = {k: row[k] for k in ("seq", "created", "prev_hash", "content_sha256", "hash", "signature",
                                  "public_key")}
    return Entry.model_validate({**fields, "content": json.loads(row["content"])})


def _link(row: Row) -> ChainLink:
    return ChainLink.model_validate({k: row[k] for k in ChainLink.model_fields})


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Ledger:
    """An append-only, hash-chained audit ledger in one SQLite file (created or upgraded on open).

    ``signer`` (see :class:`~provcheck.ledger.signing.Signer`) signs every entry this object appends;
    ``create=False`` refuses a path where no ledger exists yet (for reading commands).
    """

    def __init__(self, path: str | Path, *, signer: Signer | None = None, timeout: float = 60.0,
                 create: bool = True) -> None:
        self.path = Path(path)
        self.signer = signer
        if not create and not self.path.is_file():
            raise LedgerError(f"{self.path}: no ledger here; `provcheck check` creates one, or name yours "
                              "with --ledger PATH or PROVCHECK_LEDGER")
        self._db = LedgerDB(self.path, timeout=timeout)

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def append_check(self, report: Report) -> Entry:
        """Record a check: the briefing, its sources and models by hash, the settings and the report."""
        return self._append(check_content(report))

    def signoff(self, check: int, reviewer: str, decision: Decision | str,
                overrides: Mapping[str, str] | Iterable[Override] = ()) -> Entry:
        """Record a person's decision on a check entry; approval is refused while a flagged claim has no override.

        A statement the briefing leaves out (``o1``...) needs an override reason too, as a claim does.
        Raises :class:`~provcheck.errors.SignoffRefusedError` listing the claims and statements that block approval.
        """
        target, given = self.get(check), _overrides(overrides)
        if not isinstance(target.content, CheckContent):
            raise LedgerError(f"entry {check} is a sign-off; sign off the check it refers to "
                              f"(entry {target.content.check})")
        report = target.content.report
        known = {c.id for c in report.claims} | {o.id for o in report.omissions}
        if unknown := [o.claim_id for o in given if o.claim_id not in known]:
            raise LedgerError(f"entry {check} has no claim {', '.join(unknown)}; see its claims with: "
                              f"provcheck ledger show {check}")
        decision = Decision(decision)
        missing, omitted = unresolved(target, given), unresolved_omissions(target, given)
        if decision is Decision.APPROVE and (missing or omitted):
            raise _refusal(target, missing, omitted)
        if not reviewer.strip():
            raise LedgerError("a sign-off needs the reviewer's name; give --reviewer NAME")
        return self._append(SignoffContent(check=check, check_hash=target.hash, reviewer=reviewer.strip(),
                                           decision=decision, overrides=given))

    def _append(self, content: CheckContent | SignoffContent) -> Entry:
        text = canonical(content.model_dump(mode="json")).decode("utf-8")
        digest = sha256_hex(text.encode("utf-8"))
        with self._db.write() as conn:
            head = self._db.head(conn)
            seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
            created = datetime.now(UTC).isoformat(timespec="microseconds")
            hashed = entry_hash(seq=seq, created=created, kind=content.kind.value, prev_hash=prev,
                                content_sha256=digest)
            signature = self.signer.sign(hashed) if self.signer else None
            public_key = self.signer.public_key if self.signer else None
            self._db.insert(conn, {"seq": seq, "created": created, "kind": content.kind.value, "prev_hash": prev,
                                   "content_sha256": digest, "hash": hashed, "content": text,
                                   "signature": signature, "public_key": public_key})
        return Entry(seq=seq, created=created, prev_hash=prev, content_sha256=digest, hash=hashed, content=content,
                     signature=signature, public_key=public_key)

    def get(self, seq: int) -> Entry:
        """The entry with sequence number ``seq``."""
        try:
            return _entry(self._row(seq))
        except (ValueError, TypeError) as err:
            raise LedgerError(f"entry {seq} of {self.path} is unreadable ({str(err).splitlines()[0]}); "
                              "see what is wrong with: provcheck ledger verify") from err

    def vouch(self, seq: int, *, force: bool = False) -> str | None:
        """Verify the whole chain before entry ``seq`` is shown or exported; None when it holds.

        When it fails, raises :class:`~provcheck.errors.LedgerTamperedError` naming the entry and the
        first bad one; with ``force``, returns that warning instead, for the output to carry.
        """
        self._row(seq)
        result = self.verify()
        if result.ok:
            return None
        problem = f"the ledger fails verification at entry {result.first_bad}: {result.problem}"
        if not force:
            raise LedgerTamperedError(f"entry {seq} refused: {problem}; find out what changed with "
                                      "`provcheck ledger verify` and restore the ledger from a backup, "
                                      "or give --force to see it with this warning")
        return f"WARNING: {problem}; entry {seq} may not be what was recorded"

    def raw_content(self, seq: int) -> str:
        """The stored canonical JSON of entry ``seq``'s content (what its content hash covers)."""
        return str(self._row(seq)["content"])

    def _row(self, seq: int) -> Row:
        rows = list(self._db.rows("seq = ?", (seq,))) if 0 < seq < 2**63 else []
        if not rows:
            raise LedgerError(f"{self.path} has no entry {seq}; list them with: provcheck ledger list")
        return rows[0]

    def signoffs(self, check: int) -> list[Entry]:
        """The sign-offs of a check entry, oldest first."""
        return [_entry(r) for r in self._db.rows("kind = 'signoff' AND refers = ?", (check,))]

    def entries(self, filters: EntryFilter | None = None) -> list[Entry]:
        """Entries matching ``filters`` (see :class:`~provcheck.ledger.records.EntryFilter`), oldest first."""
        f = filters or EntryFilter()
        headers = list(self._db.headers())
        checks = {h["seq"]: h for h in headers if h["kind"] == EntryKind.CHECK}
        signed_by: dict[int, set[str]] = defaultdict(set)
        for h in headers:
            if h["kind"] == EntryKind.SIGNOFF:
                signed_by[h["refers"]].add((h["reviewer"] or "").casefold())

        def check_ok(seq: int | None) -> bool:
            h = checks.get(seq or 0)
            return h is not None and (not f.briefing or f.briefing.casefold() in (h["briefing"] or "").casefold()) \
                and (not f.verdict or f.verdict.value in (h["verdicts"] or "").split(","))

        def matches(h: Row) -> bool:
            created = datetime.fromisoformat(h["created"])
            if (f.kind and h["kind"] != f.kind) or (f.since and created < _utc(f.since)) \
                    or (f.until and created > _utc(f.until)):
                return False
            reviewer = (f.reviewer or "").casefold()
            if h["kind"] == EntryKind.CHECK:
                return check_ok(h["seq"]) and (not reviewer or reviewer in signed_by[h["seq"]])
            return check_ok(h["refers"]) and (not reviewer or reviewer == (h["reviewer"] or "").casefold())

        wanted = [h["seq"] for h in headers if matches(h)]
        return [self.get(seq) for seq in wanted]

    def proof(self, seq: int) -> list[ChainLink]:
        """The headers from entry ``seq`` to the head: recomputing them links that entry to the head hash."""
        self.get(seq)
        return [_link(h) for h in self._db.headers() if h["seq"] >= seq]

    def head(self) -> str | None:
        """The hash of the last entry (None when empty); publish it to pin the ledger's history."""
        head = self._db.head()
        return head[1] if head else None

    def verify(self, *, trusted_keys: Collection[str] | None = None, require_signatures: bool = False
               ) -> VerifyResult:
        """Re-compute the chain; the first entry that fails is named in ``first_bad``.

        ``trusted_keys`` (raw public keys, hex) limits valid signatures to those keys.
        """
        prev: ChainLink | None = None
        count = signed = 0
        with self._db.reading():
            for row in self._db.rows():
                expected = prev.seq + 1 if prev else 1
                problem = _row_problem(row, prev, trusted_keys, require_signatures)
                if problem:
                    return VerifyResult(ok=False, entries=count, signed=signed, first_bad=expected, problem=problem)
                prev, count, signed = _link(row), count + 1, signed + (row["signature"] is not None)
            head = self._db.head()
        if failure := _head_problem(head, prev):
            return VerifyResult(ok=False, entries=count, signed=signed, first_bad=failure[0], problem=failure[1])
        return VerifyResult(ok=True, entries=count, signed=signed, head=prev.hash if prev else None)

    def export(self, seq: int, fmt: str = "json", *, force: bool = False) -> str:
        """A self-contained disclosure bundle for a check entry, as ``json`` or ``html``.

        The chain is verified first (:meth:`vouch`): a failing ledger is refused, or with ``force``
        exported with the warning written into the bundle.
        """
        from provcheck.ledger.export import bundle, render_bundle

        warning = self.vouch(seq, force=force)
        return render_bundle(bundle(self, seq, warning=warning), fmt)


def _row_problem(row: Row, prev: ChainLink | None, trusted_keys: Collection[str] | None,
                 require_signatures: bool) -> str | None:
    seq = row["seq"]
    try:
        if content_sha256(row["content"]) != row["content_sha256"]:
            return f"entry {seq} was altered (its content does not match its content hash)"
        link = _link(row)
        _entry(row)
    except (ValueError, TypeError) as err:
        return f"entry {seq} is unreadable ({str(err).splitlines()[0]})"
    problem = link_problem(link, prev)
    if problem:
        return problem
    derived = derived_columns(row["content"])
    if any(row[k] != v for k, v in derived.items()):
        return f"entry {seq} was altered (its listing columns do not match its content)"
    return _signature_problem(row, trusted_keys, require_signatures)


def _signature_problem(row: Row, trusted_keys: Collection[str] | None, require: bool) -> str | None:
    seq, signature, key = row["seq"], row["signature"], row["public_key"]
    if signature is None:
        return f"entry {seq} is not signed" if require else None
    if not key or not signature_ok(row["hash"], signature, key):
        return f"entry {seq} has an invalid signature"
    if trusted_keys is not None and key not in trusted_keys:
        return f"entry {seq} is signed by an untrusted key {key[:16]}..."
    return None


def _head_problem(head: tuple[int, str] | None, last: ChainLink | None) -> tuple[int, str] | None:
    """The first bad entry and the problem when the recorded head and the chain's end disagree."""
    end = last.seq if last else 0
    if head is None and last is None or head == (end, last.hash if last else None):
        return None
    if head is None:
        return end, f"the head record is gone (the chain ends at entry {end}); the file was edited outside provcheck"
    if head is not None and last is not None and head[0] == end:
        return end, f"entry {end} was altered (the head records another hash for it)"
    if head is not None and head[0] < end:
        return head[0] + 1, f"entry {head[0] + 1} was added outside provcheck (the head records entry {head[0]})"
    return end + 1, f"entry {end + 1} is missing: the head records entry {head[0]} but the chain ends at entry {end}"
