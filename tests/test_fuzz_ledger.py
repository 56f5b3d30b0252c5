"""The ledger's import and export fuzzed: any bundle file or ledger file gives a result or one LedgerError.

A disclosure bundle comes back years later from anywhere (``provcheck ledger verify-bundle``); a ledger
file may have been damaged on disk. Neither may crash the reader or hang it.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from provcheck.errors import LedgerError
from provcheck.ledger import EntryFilter, EntryKind, Ledger, VerifyResult
from provcheck.ledger.export import Bundle, render_bundle, verify_bundle, verify_file
from provcheck.ledger.testing import tiny_report

from .fuzzing import FUZZ, TEXT, mutated, within


@cache
def _seeds() -> tuple[bytes, bytes]:
    """A real ledger file (a check and a sign-off) and the JSON bundle of its check."""
    path = Path(tempfile.mkdtemp()) / "ledger.db"
    with Ledger(path) as ledger:
        entry = ledger.append_check(tiny_report("Kick-off at Kelder Park is at 12:30.", omitted=["No arrests."]))
        ledger.signoff(entry.seq, "A. Shaw", "reject", {"c1": "Read by phone."})
        exported = ledger.export(entry.seq, "json").encode()
    return path.read_bytes(), exported


def _ledger_seed() -> bytes:
    return _seeds()[0]


def _bundle_seed() -> bytes:
    return _seeds()[1]


def verified_or_refused(path: Path) -> VerifyResult | None:
    """verify_file's answer for ``path``; None when refused with a LedgerError naming the file."""
    with within():
        try:
            result = verify_file(path)
        except LedgerError as err:
            assert str(path) in str(err)
            return None
    assert isinstance(result, VerifyResult)
    assert result.ok or result.problem
    return result


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), mutated(_bundle_seed())))
@example(data=b"")
@example(data=b"{}")
@example(data=b"\xef\xbb\xbf[]")
def test_any_bundle_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bundle.json"
    path.write_bytes(data)
    result = verified_or_refused(path)
    if data == _bundle_seed():
        assert result is not None and result.ok


def _edited(field: str, text: str) -> Bundle:
    """The seed bundle with one stored field replaced by ``text`` (still valid JSON, perhaps not a valid bundle)."""
    raw = json.loads(_bundle_seed())
    if field == "raw":
        raw["raw"]["1"] = text
    elif field == "raw-json":
        raw["raw"]["2"] = json.dumps({"kind": "signoff", "check": text})
    elif field == "claim":
        raw["check"]["content"]["report"]["claims"][0]["text"] = text
    else:
        raw["proof"][0][field] = text
    return Bundle.model_validate(raw)


@FUZZ
@given(field=st.sampled_from(["raw", "raw-json", "claim", "created", "prev_hash", "hash", "content_sha256"]),
       text=TEXT)
@example(field="raw", text="not JSON")
@example(field="raw", text="[1, 2]")
@example(field="raw-json", text="1")
@example(field="claim", text="<script>alert(1)</script><img src=x onerror=alert(1)>")
def test_bundle_with_an_edited_field_fails_verification(field: str, text: str) -> None:
    made = _edited(field, text)
    with within():
        result = verify_bundle(made)
        page = render_bundle(made, "html")
    assert not result.ok and result.problem
    assert "<script>" not in page and "<img" not in page


@FUZZ
@given(data=st.one_of(mutated(_ledger_seed()), st.binary(max_size=3000)))
@example(data=b"SQLite format 3\x00")
@example(data=b"")
def test_any_ledger_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:  # a fresh folder per input: no -wal or -shm file left over
        _open_verify_export(Path(folder) / "ledger.db", data)


def _open_verify_export(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    with within():
        try:
            with Ledger(path) as ledger:
                result = ledger.verify()
                if result.ok:
                    for entry in ledger.entries(EntryFilter(kind=EntryKind.CHECK)):
                        assert ledger.export(entry.seq, "html").startswith("<!doctype html>")
        except LedgerError as err:
            assert str(path) in str(err)
            return
    assert result.ok or result.problem
    if data == _ledger_seed():
        assert result.ok and result.entries == 2


def test_damage_the_fuzzing_found_is_one_ledger_error(tmp_path: Path) -> None:
    """Damage the fuzzing found: a schema version not a number, bytes not UTF-8 in an entry, a head of no number."""
    import sqlite3

    damages = ["UPDATE schema_version SET version = 'two'",
               "DROP TRIGGER entries_no_update; UPDATE entries SET created = CAST(X'ff' AS TEXT)",
               "DROP TABLE head; CREATE TABLE head (one, seq, hash); INSERT INTO head VALUES (1, NULL, 'x')"]
    for n, damage in enumerate(damages):
        path = tmp_path / f"ledger{n}.db"
        path.write_bytes(_ledger_seed())
        conn = sqlite3.connect(path)
        conn.executescript(damage)
        conn.close()
        try:
            with Ledger(path) as ledger:
                ledger.verify()
        except LedgerError as err:
            assert str(path) in str(err)
        else:
            raise AssertionError(f"{damage}: the damaged ledger was read without an error")
