"""The hash chain: canonical JSON, content hashes, entry hashes and proof checking.

An entry's hash is the SHA-256 of the canonical JSON of its header: its sequence
number, time, kind, the previous entry's hash and the SHA-256 of its content's
canonical JSON. Changing any byte of any entry changes every hash after it.

>>> canonical({"b": 1, "a": "é"})
b'{"a":"\\xc3\\xa9","b":1}'
>>> h = entry_hash(seq=1, created="2026-11-30T00:00:00Z", kind="check", prev_hash=GENESIS,
...                content_sha256=sha256_hex(b"{}"))
>>> len(h), verify_links([]) is None
(64, True)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from provcheck.ledger.records import ChainLink

__all__ = ["GENESIS", "canonical", "content_sha256", "entry_hash", "link_problem", "sha256_hex", "verify_links"]

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry."""


def canonical(value: Any) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hex digits."""
    return hashlib.sha256(data).hexdigest()


def content_sha256(content_json: str) -> str:
    """The SHA-256 of an entry's content, re-canonicalised from its stored JSON."""
    return sha256_hex(canonical(json.loads(content_json)))


def entry_hash(*, seq: int, created: str, kind: str, prev_hash: str, content_sha256: str) -> str:
    """The hash of one entry's header (which covers its content through ``content_sha256``)."""
    header = {"seq": seq, "created": created, "kind": kind, "prev_hash": prev_hash,
              "content_sha256": content_sha256}
    return sha256_hex(canonical(header))


def link_problem(link: ChainLink, prev: ChainLink | None) -> str | None:
    """What is wrong with ``link`` given the link before it (None for the first), or None."""
    expected_seq = prev.seq + 1 if prev else 1
    if link.seq != expected_seq:
        return f"entry {expected_seq} is missing (found entry {link.seq} in its place)"
    expected_prev = prev.hash if prev else GENESIS
    if link.prev_hash != expected_prev:
        return f"entry {link.seq} does not follow entry {link.seq - 1} (previous hash differs)"
    recomputed = entry_hash(seq=link.seq, created=link.created, kind=link.kind.value, prev_hash=link.prev_hash,
                            content_sha256=link.content_sha256)
    if recomputed != link.hash:
        return f"entry {link.seq} was altered (its hash does not match its content)"
    return None


def verify_links(links: Sequence[ChainLink], *, start: ChainLink | None = None) -> str | None:
    """Check consecutive links (after ``start`` if given); the first problem, or None."""
    prev = start
    for link in links:
        problem = link_problem(link, prev)
        if problem:
            return problem
        prev = link
    return None
