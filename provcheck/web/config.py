"""The web app's one settings object: which corpora, which ledger, which limits.

>>> config = WebConfig(corpora=[CorpusConfig(name="demo", db="demo.db")])
>>> config.corpus("demo").db.name, config.max_upload_bytes
('demo.db', 5000000)
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import ConfigError

__all__ = ["UPLOAD_SUFFIXES", "CorpusConfig", "WebConfig"]

UPLOAD_SUFFIXES = (".docx", ".md", ".pdf", ".txt")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


class CorpusConfig(BaseModel):
    """An indexed corpus the server may check against, chosen in requests by ``name`` only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", description="name shown and sent by forms")
    db: Path = Field(description="SQLite index built by `provcheck index`")
    sources: Path | None = Field(None, description="folder to re-index from; None: no re-index")


class WebConfig(BaseModel):
    """Everything the server needs, validated once at start-up; requests never name a path."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    corpora: list[CorpusConfig] = Field(default_factory=list)
    ledger: Path | None = Field(None, description="audit ledger file; None: reports live in memory only")
    token: str | None = Field(None, min_length=16, description="access token; required when not on loopback")
    allowed_hosts: list[str] = Field(default_factory=lambda: ["127.0.0.1", "localhost", "[::1]"])
    max_upload_bytes: int = Field(5_000_000, gt=0, description="largest briefing upload")
    max_text_chars: int = Field(500_000, gt=0, description="longest pasted briefing")
    keep_reports: int = Field(200, gt=0, description="reports kept in memory")

    def corpus(self, name: str) -> CorpusConfig:
        """The corpus called ``name``; a :class:`ConfigError` names the ones there are."""
        for corpus in self.corpora:
            if corpus.name == name:
                return corpus
        known = ", ".join(c.name for c in self.corpora) or "none"
        raise ConfigError(f"no corpus named {name!r}; choose one of: {known}")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
    (True, False)
    """
    return host in LOOPBACK_HOSTS or host.startswith("127.")
