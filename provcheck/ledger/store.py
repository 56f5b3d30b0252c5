"""The ledger's SQLite file: WAL mode, a schema version, migrations in one transaction, append-only rows.

Rows are never updated or deleted (triggers refuse it); each append runs in one
``BEGIN IMMEDIATE`` transaction that reads the head, inserts the entry and moves
the head, so concurrent writers queue and a killed writer leaves nothing half done.

>>> import tempfile, pathlib
>>> db = LedgerDB(pathlib.Path(tempfile.mkdtemp()) / "ledger.db")
>>> db.version(), db.head()
(2, None)
>>> db.close()
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from provcheck.errors import LedgerError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "LedgerDB", "Row", "derived_columns"]

Row = dict[str, Any]

_V1 = [
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE entries (
        seq INTEGER PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL, prev_hash TEXT NOT NULL,
        content_sha256 TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, content TEXT NOT NULL)""",
]
_V2 = [
    "ALTER TABLE entries ADD COLUMN signature TEXT",
    "ALTER TABLE entries ADD COLUMN public_key TEXT",
    "ALTER TABLE entries ADD COLUMN briefing TEXT",
    "ALTER TABLE entries ADD COLUMN reviewer TEXT",
    "ALTER TABLE entries ADD COLUMN refers INTEGER",
    "ALTER TABLE entries ADD COLUMN verdicts TEXT",
    "CREATE INDEX entries_refers ON entries (refers)",
    "CREATE TABLE head (one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)",
    "INSERT INTO head SELECT 1, seq, hash FROM entries ORDER BY seq DESC LIMIT 1",
]
_TRIGGERS = [
    "CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
    "CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries "
    "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END",
]


def derived_columns(content_json: str) -> dict[str, Any]:
    """The columns ``list`` filters on, derived from an entry's content (verify re-derives them).

    >>> derived_columns('{"kind": "signoff", "check": 3, "reviewer": "A. Shaw"}')["refers"]
    3
    """
    content = json.loads(content_json)
    if content.get("kind") == "signoff":
        return {"briefing": None, "reviewer": content.get("reviewer"), "refers": content.get("check"),
                "verdicts": None}
    report = content.get("report", {})
    verdicts = sorted({c.get("verdict") for c in report.get("claims", []) if c.get("verdict")})
    briefing = content.get("briefing", {})
    name = " ".join(x for x in (briefing.get("path"), briefing.get("title")) if x)
    return {"briefing": name, "reviewer": None, "refers": None, "verdicts": ",".join(verdicts)}


def _backfill(conn: sqlite3.Connection) -> None:
    for seq, content in conn.execute("SELECT seq, content FROM entries").fetchall():
        cols = derived_columns(content)
        conn.execute("UPDATE entries SET briefing = ?, reviewer = ?, refers = ?, verdicts = ? WHERE seq = ?",
                     (cols["briefing"], cols["reviewer"], cols["refers"], cols["verdicts"], seq))


def _sql(statements: Sequence[str]) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)
    return run


def _v2(conn: sqlite3.Connection) -> None:
    _sql(_V2)(conn)
    _backfill(conn)
    _sql(_TRIGGERS)(conn)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_sql(_V1), _v2]
"""``MIGRATIONS[i]`` upgrades a ledger from version ``i`` to ``i + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ("seq", "created", "kind", "prev_hash", "content_sha256", "hash", "content", "signature", "public_key",
            "briefing", "reviewer", "refers", "verdicts")


class LedgerDB:
    """The ledger file: opens (creating or upgrading it), appends rows, reads rows."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise LedgerError(f"{self.path} is a folder; give a ledger file path such as provcheck-ledger.db")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.DatabaseError as err:
            raise LedgerError(f"{self.path}: cannot open the ledger ({err}); give another --ledger path") from err
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except BaseException as err:
            self._conn.close()  # a file refused leaves no connection (and no lock) behind
            if isinstance(err, sqlite3.DatabaseError | UnicodeDecodeError):
                raise LedgerError(f"{self.path}: not a usable provcheck ledger ({err}); "
                                  "give another --ledger path or restore it from a backup") from err
            raise

    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    @contextmanager
    def _damage(self) -> Iterator[None]:
        """An SQLite error (a damaged file, a full disk) as one LedgerError that names the file."""
        try:
            yield
        except (sqlite3.DatabaseError, UnicodeDecodeError) as err:  # text in a damaged file may not be UTF-8
            raise LedgerError(f"{self.path}: the ledger could not be read or written ({err}); if the disk is "
                              "full, free some space and try again, else restore the file from a backup") from err

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction holding the ledger's write lock (other writers wait); all of it or none."""
        with self._damage():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:  # SQLite may have rolled back already (a full disk)
                    with suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        with self.write() as conn:
            version = self._read_version(conn)
            if version > SCHEMA_VERSION:
                raise LedgerError(f"{self.path}: ledger version {version} is newer than this provcheck knows "
                                  f"({SCHEMA_VERSION}); upgrade provcheck to open it")
            for step in MIGRATIONS[version:]:
                step(conn)
            if version < SCHEMA_VERSION:
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))

    def _read_version(self, conn: sqlite3.Connection) -> int:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            if tables:
                raise LedgerError(f"{self.path}: this SQLite file is not a provcheck ledger; choose another --ledger")
            return 0
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        if row and not isinstance(row[0], int):
            raise LedgerError(f"{self.path}: the ledger's schema version {row[0]!r} is unreadable; "
                              "restore the file from a backup")
        return int(row[0]) if row else 0

    def version(self) -> int:
        """The schema version of the open file."""
        return self._read_version(self._conn)

    def head(self, conn: sqlite3.Connection | None = None) -> tuple[int, str] | None:
        """The last entry's sequence number and hash, or None for an empty ledger."""
        with self._damage():
            row = (conn or self._conn).execute("SELECT seq, hash FROM head").fetchone()
        if row and not (isinstance(row[0], int) and isinstance(row[1], str)):
            raise LedgerError(f"{self.path}: the ledger's head record {row!r} is unreadable; "
                              "restore the file from a backup")
        return (int(row[0]), str(row[1])) if row else None

    def insert(self, conn: sqlite3.Connection, row: Row) -> None:
        """Insert one entry row and move the head to it (inside :meth:`write`)."""
        values = {**row, **derived_columns(row["content"])}
        names = ", ".join(values)
        conn.execute(f"INSERT INTO entries ({names}) VALUES ({', '.join('?' * len(values))})",
                     tuple(values.values()))
        conn.execute("INSERT OR REPLACE INTO head VALUES (1, ?, ?)", (row["seq"], row["hash"]))

    def headers(self) -> Iterator[Row]:
        """Every row without its content (header and the derived filter columns), in chain order."""
        names = [c for c in _COLUMNS if c != "content"]
        with self._damage():
            for values in self._conn.execute(f"SELECT {', '.join(names)} FROM entries ORDER BY seq"):
                yield dict(zip(names, values, strict=True))

    def rows(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Row]:
        """Entry rows in chain order, optionally filtered by an SQL condition."""
        sql = f"SELECT {', '.join(_COLUMNS)} FROM entries {('WHERE ' + where) if where else ''} ORDER BY seq"
        with self._damage():
            for values in self._conn.execute(sql, tuple(params)):
                yield dict(zip(_COLUMNS, values, strict=True))

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: everything read inside sees the same state of the file."""
        with self._damage():
            self._conn.execute("BEGIN")
            try:
                yield
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")
