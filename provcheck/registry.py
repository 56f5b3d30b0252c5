"""Implementations chosen by name; built-ins are registered here, in one place.

>>> sorted(EMBEDDERS)
['hashing', 'minilm']
>>> make_embedder("hashing").name
'hashing'
"""

from __future__ import annotations

from collections.abc import Callable

from provcheck.corpus.embed import Embedder, HashingEmbedder, MiniLMEmbedder
from provcheck.errors import ConfigError
from provcheck.verify.base import Verifier

__all__ = ["EMBEDDERS", "VERIFIERS", "make_embedder", "make_verifier", "register_embedder", "register_verifier"]

EMBEDDERS: dict[str, Callable[[], Embedder]] = {}
VERIFIERS: dict[str, Callable[[], Verifier | None]] = {}


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make an embedder available to ``Settings(embedder=name)``."""
    EMBEDDERS[name] = factory


def register_verifier(name: str, factory: Callable[[], Verifier | None]) -> None:
    """Make a verifier available to ``Settings(verifier=name)``; None means rules only."""
    VERIFIERS[name] = factory


def make_embedder(name: str) -> Embedder:
    """A new embedder by registry name."""
    if name not in EMBEDDERS:
        raise ConfigError(f"unknown embedder {name!r}; choose one of {', '.join(sorted(EMBEDDERS))}")
    return EMBEDDERS[name]()


def make_verifier(name: str) -> Verifier | None:
    """A new verifier by registry name (None for the rules-only pipeline)."""
    if name not in VERIFIERS:
        raise ConfigError(f"unknown verifier {name!r}; choose one of {', '.join(sorted(VERIFIERS))}")
    return VERIFIERS[name]()


def _nli() -> Verifier:
    from provcheck.verify.nli import CrossEncoderVerifier

    return CrossEncoderVerifier()


register_embedder("minilm", MiniLMEmbedder)
register_embedder("hashing", HashingEmbedder)
register_verifier("rules", lambda: None)
register_verifier("nli", _nli)
