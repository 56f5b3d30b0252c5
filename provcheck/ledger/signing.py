"""Optional Ed25519 signatures of entry hashes (the ``cryptography`` package, imported when used).

Keys are PEM files: a PKCS#8 private key (``provcheck ledger keygen`` writes one,
as does ``openssl genpkey -algorithm ed25519``) and its SubjectPublicKeyInfo
public key.

>>> import tempfile, pathlib
>>> key = pathlib.Path(tempfile.mkdtemp()) / "me.pem"
>>> public = generate_key(key)
>>> signer = Signer.from_file(key)
>>> signature = signer.sign("ab" * 32)
>>> signature_ok("ab" * 32, signature, signer.public_key)
True
>>> signature_ok("cd" * 32, signature, signer.public_key)
False
>>> public_key_hex(public) == signer.public_key
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from provcheck.errors import LedgerError

__all__ = ["Signer", "generate_key", "public_key_hex", "signature_ok"]


def _crypto() -> Any:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError as err:  # pragma: no cover - the package is a dependency
        raise LedgerError("signing needs the cryptography package; run: pip install cryptography") from err
    return serialization, ed25519


class Signer:
    """Signs entry hashes with one Ed25519 private key."""

    def __init__(self, private_key: Any) -> None:
        serialization, _ = _crypto()
        self._key = private_key
        raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_key: str = raw.hex()

    @classmethod
    def from_file(cls, path: str | Path) -> Signer:
        """Load a PEM private key; a wrong or unreadable file says so."""
        serialization, ed25519 = _crypto()
        try:
            key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
        except (OSError, ValueError, TypeError) as err:
            raise LedgerError(f"{path}: not a readable unencrypted PEM private key ({err}); "
                              "create one with: provcheck ledger keygen KEYFILE") from err
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            raise LedgerError(f"{path}: not an Ed25519 key; create one with: provcheck ledger keygen KEYFILE")
        return cls(key)

    def sign(self, entry_hash: str) -> str:
        """The signature of an entry hash (its ASCII hex), as hex."""
        return str(self._key.sign(entry_hash.encode("ascii")).hex())


def signature_ok(entry_hash: str, signature: str, public_key: str) -> bool:
    """True when ``signature`` is ``public_key``'s Ed25519 signature of ``entry_hash``."""
    _, ed25519 = _crypto()
    from cryptography.exceptions import InvalidSignature

    try:
        ed25519.Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
            bytes.fromhex(signature), entry_hash.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


def generate_key(path: str | Path) -> Path:
    """Write a new private key to ``path`` (mode 600) and its public key beside it (``.pub``); the latter's path."""
    serialization, ed25519 = _crypto()
    path = Path(path)
    if path.exists():
        raise LedgerError(f"{path} already exists; choose a new file name for the key")
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public = path.with_name(path.name + ".pub")
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))
    return public


def public_key_hex(path: str | Path) -> str:
    """The raw public key (hex) from a PEM public key file, to pass as a trusted key to verify."""
    serialization, ed25519 = _crypto()
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except (OSError, ValueError) as err:
        raise LedgerError(f"{path}: not a readable PEM public key ({err})") from err
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise LedgerError(f"{path}: not an Ed25519 public key")
    return str(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex())
