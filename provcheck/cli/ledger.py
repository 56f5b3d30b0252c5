"""Commands of the audit ledger: ``signoff``, ``recheck`` and the ``ledger`` group (list, show, verify, export, keygen).

Each command parses, calls the library in :mod:`provcheck.ledger`, renders.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from provcheck.cli import _errors, _write_atomically

if TYPE_CHECKING:
    from provcheck.ledger import Entry, Ledger, VerifyResult
    from provcheck.ledger.recheck import RecheckResult

__all__ = ["register"]

F = TypeVar("F", bound=Callable[..., Any])
_VERDICTS = ("supported", "partial", "contradicted", "unsupported", "conflicting", "not_checkable")


def ledger_option(func: F) -> F:
    """The ``--ledger PATH`` option every ledger command takes."""
    return click.option("--ledger", "ledger_file", type=click.Path(path_type=Path),
                        help="Ledger file (default: $PROVCHECK_LEDGER, else ./provcheck-ledger.db).")(func)


def _open(ledger_file: Path | None, sign_key: Path | None = None) -> Ledger:
    """An existing ledger (the commands of this module never create one)."""
    from provcheck.ledger import Ledger, Signer, ledger_path

    signer = Signer.from_file(sign_key) if sign_key else None
    return Ledger(ledger_path(ledger_file), signer=signer, create=False)


def _clean(text: str) -> str:
    """Quoted text for the terminal: control characters (escape sequences included) shown as '?'."""
    return "".join("?" if ord(ch) < 32 or 127 <= ord(ch) < 160 else ch for ch in " ".join(text.split()))


def _line(entry: Entry) -> str:
    """One line of ``ledger list``."""
    from provcheck.ledger import SignoffContent
    from provcheck.schema import Verdict

    c, when = entry.content, entry.created[:19].replace("T", " ")
    if isinstance(c, SignoffContent):
        return f"{entry.seq:>5}  {when}  signoff  entry {c.check} {c.decision.value} by {_clean(c.reviewer)}" + (
            f" ({len(c.overrides)} override(s))" if c.overrides else "")
    counts = ", ".join([f"{v.value} {n}" for v in Verdict if (n := c.report.summary.get(v, 0))]
                       + ([f"left out {len(c.report.omissions)}"] if c.report.omissions else []))
    attention = len(c.report.attention)
    return f"{entry.seq:>5}  {when}  check    {_clean(c.briefing.path)}  [{counts}]" + (
        f" {attention} need(s) attention" if attention else "")


def _signoff_lines(entries: list[Entry]) -> list[str]:
    from provcheck.ledger import SignoffContent

    lines = []
    for s in entries:
        if isinstance(c := s.content, SignoffContent):
            lines.append(f"sign-off entry {s.seq}: {c.decision.value} by {_clean(c.reviewer)} at {s.created}")
            lines += [f"  override {_clean(o.claim_id)}: {_clean(o.reason)}" for o in c.overrides]
    return lines or ["no sign-off yet"]


def _verify_text(result: VerifyResult) -> str:
    if result.ok:
        return f"ledger OK: {result.entries} entries, {result.signed} signed, head {result.head}"
    return f"ledger FAILED at entry {result.first_bad}: {result.problem}"


def _recheck_lines(result: RecheckResult) -> list[str]:
    lines = [f"re-check of entry {result.entry}: provcheck {result.tool_before} -> {result.tool_after}"]
    lines += [f"  verdict {v.claim_id}: {v.before.value if v.before else 'absent'} -> "
              f"{v.after.value if v.after else 'absent'}: {_clean(v.text)}" for v in result.verdicts]
    lines += [f"  left out {o.before or '-'} -> {o.after or '-'}: {_clean(o.quote)} ({_clean(o.source)})"
              for o in result.omissions]
    lines += [f"  source {s.status.value}: {_clean(s.path)}" + (f" (now {_clean(s.now_at)})" if s.now_at else "")
              + (f" {(s.before or '-')[:12]} -> {(s.after or '-')[:12]}" if s.status.value == "changed" else "")
              for s in result.sources]
    lines += [f"  model {m.role}: {m.before.name if m.before else 'none'} "
              f"({(m.before.sha256 or '-')[:12] if m.before else '-'}) -> {m.after.name if m.after else 'none'} "
              f"({(m.after.sha256 or '-')[:12] if m.after else '-'})" for m in result.models]
    lines += [f"  setting {k}: {a!r} -> {b!r}" for k, (a, b) in result.settings.items()]
    return lines + ([] if result.changed else ["  nothing changed"])


def register(main: click.Group) -> None:
    """Attach ``signoff``, ``recheck`` and the ``ledger`` group to ``main``."""
    main.add_command(signoff_cmd)
    main.add_command(recheck_cmd)
    main.add_command(ledger_group)


@click.command("signoff")
@click.argument("entry", type=int)
@click.option("--reviewer", required=True, help="Full name of the person taking the decision.")
@click.option("--decision", type=click.Choice(["approve", "reject"]), required=True)
@click.option("--override", "overrides", type=(str, str), multiple=True, metavar="CLAIM_ID REASON",
              help="Accept a claim that needs attention, or a statement left out (o1...), and say why (repeatable).")
@click.option("--sign-key", type=click.Path(path_type=Path), help="Ed25519 private key (PEM) to sign the entry.")
@ledger_option
def signoff_cmd(entry: int, reviewer: str, decision: str, overrides: tuple[tuple[str, str], ...],
                sign_key: Path | None, ledger_file: Path | None) -> None:
    """Record a named reviewer's decision on check ENTRY; approval needs a reason for every flagged claim."""
    with _errors(), _open(ledger_file, sign_key) as ledger:
        done = ledger.signoff(entry, reviewer, decision, dict(overrides))
    click.echo(f"sign-off recorded as entry {done.seq}: {decision} by {reviewer} (hash {done.hash})")


@click.command("recheck")
@click.argument("entry", type=int)
@click.option("--db", type=click.Path(path_type=Path), help="Corpus index built by `provcheck index`.")
@click.option("--sources", type=click.Path(path_type=Path), help="Folder of sources, indexed on the fly.")
@click.option("--verifier", default=None, help="Verifier by name (default: the one the entry recorded).")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as one JSON object.")
@ledger_option
def recheck_cmd(entry: int, db: Path | None, sources: Path | None, verifier: str | None, as_json: bool,
                ledger_file: Path | None) -> None:
    """Re-run the briefing of ENTRY against today's sources and print what changed; exit 1 if anything did."""
    from provcheck.ledger.recheck import recheck

    with _errors(), _open(ledger_file) as ledger:
        result = recheck(ledger, entry, db=db, sources=sources, verifier=verifier)
    click.echo(result.model_dump_json(indent=2, exclude={"report"}) if as_json else "\n".join(_recheck_lines(result)))
    sys.exit(1 if result.changed else 0)


@click.group("ledger")
def ledger_group() -> None:
    """List, show, verify and export the entries of the audit ledger."""


@ledger_group.command("list")
@click.option("--since", type=click.DateTime(), help="Entries at or after this date (UTC).")
@click.option("--until", type=click.DateTime(), help="Entries at or before this date (UTC).")
@click.option("--reviewer", help="Sign-offs by this person and the checks they signed off.")
@click.option("--verdict", type=click.Choice(_VERDICTS), help="Checks with a claim of this verdict.")
@click.option("--briefing", help="Checks whose briefing path or title contains this text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON entry per line.")
@ledger_option
def list_cmd(since: datetime | None, until: datetime | None, reviewer: str | None, verdict: str | None,
             briefing: str | None, as_json: bool, ledger_file: Path | None) -> None:
    """List ledger entries, oldest first, with filters on date, reviewer, verdict and briefing name."""
    from provcheck.ledger import EntryFilter

    with _errors(), _open(ledger_file) as ledger:
        found = ledger.entries(EntryFilter(since=since, until=until, reviewer=reviewer, verdict=verdict,
                                           briefing=briefing))
    for entry in found:
        click.echo(entry.model_dump_json() if as_json else _line(entry))


_force = click.option("--force", is_flag=True,
                      help="Go ahead when the ledger fails verification, with the warning in the output.")


class _Refused(click.ClickException):
    exit_code = 1


@contextmanager
def _vouched() -> Iterator[None]:
    """A ledger that fails verification: exit 1 naming the entry (the other errors stay exit 2)."""
    from provcheck.errors import LedgerTamperedError

    try:
        yield
    except LedgerTamperedError as err:
        raise _Refused(str(err)) from err


@ledger_group.command("show")
@click.argument("entry", type=int)
@click.option("--format", "fmt", type=click.Choice(["terminal", "markdown", "json"]), default="terminal",
              show_default=True)
@_force
@ledger_option
def show_cmd(entry: int, fmt: str, force: bool, ledger_file: Path | None) -> None:
    """Show ENTRY: the report as it was when checked, its hashes, and its sign-offs; the chain is verified first."""
    with _errors(), _vouched(), _open(ledger_file) as ledger:
        warning = ledger.vouch(entry, force=force)
        found, signoffs = ledger.get(entry), ledger.signoffs(entry)
    click.echo(_show_text(found, signoffs, fmt, warning))


def _show_text(found: Entry, signoffs: list[Entry], fmt: str, warning: str | None) -> str:
    from provcheck.ledger import CheckContent
    from provcheck.report import render

    if fmt == "json":
        return json.dumps({"entry": found.model_dump(mode="json"), "signoffs": [s.model_dump(mode="json")
                           for s in signoffs], **({"warning": warning} if warning else {})}, indent=2)
    lines = [warning] if warning else []
    lines.append(f"entry {found.seq} ({found.kind.value}) at {found.created}\nhash {found.hash}")
    if isinstance(found.content, CheckContent):
        lines.append(render(found.content.report, fmt))
    lines += _signoff_lines(signoffs) if isinstance(found.content, CheckContent) else [_line(found)]
    return "\n".join(lines + ([warning] if warning else []))


@ledger_group.command("verify")
@click.option("--public-key", "public_keys", type=click.Path(path_type=Path), multiple=True,
              help="Trusted signer's public key (PEM); signatures by other keys fail (repeatable).")
@click.option("--require-signatures", is_flag=True, help="Fail on any unsigned entry.")
@click.option("--bundle", type=click.Path(path_type=Path), help="Verify an exported JSON bundle instead.")
@ledger_option
def verify_cmd(public_keys: tuple[Path, ...], require_signatures: bool, bundle: Path | None,
               ledger_file: Path | None) -> None:
    """Re-compute the hash chain and signatures; name the first bad entry and exit 1 on tampering."""
    from provcheck.ledger import public_key_hex
    from provcheck.ledger.export import verify_file

    with _errors():
        keys = {public_key_hex(k) for k in public_keys} or None
        if bundle:
            result = verify_file(bundle)
        else:
            with _open(ledger_file) as ledger:
                result = ledger.verify(trusted_keys=keys, require_signatures=require_signatures)
    click.echo(_verify_text(result))
    sys.exit(0 if result.ok else 1)


@ledger_group.command("export")
@click.argument("entry", type=int)
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the bundle here instead of stdout.")
@_force
@ledger_option
def export_cmd(entry: int, fmt: str, output: Path | None, force: bool, ledger_file: Path | None) -> None:
    """Write a self-contained disclosure bundle of check ENTRY: report, hashes, sign-offs, chain proof."""
    with _errors(), _vouched(), _open(ledger_file) as ledger:
        warning = ledger.vouch(entry, force=force)
        text = ledger.export(entry, fmt, force=force)
    if warning:
        click.echo(warning, err=True)
    if output:
        _write_atomically(output, text)
        click.echo(f"bundle written to {output}")
    else:
        click.echo(text)


@ledger_group.command("keygen")
@click.argument("keyfile", type=click.Path(path_type=Path))
def keygen_cmd(keyfile: Path) -> None:
    """Create an Ed25519 signing key in KEYFILE (mode 600) and its public key in KEYFILE.pub."""
    from provcheck.ledger import generate_key

    with _errors():
        public = generate_key(keyfile)
    click.echo(f"private key {keyfile}, public key {public}")
