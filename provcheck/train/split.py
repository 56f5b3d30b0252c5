"""Stable, seed-free splits of labelled data into training and held-out parts.

The development files (``benchmarks/dev``) are split in half by example id;
the evaluator imports :func:`is_validation` to report validation-part figures
only. Examples that share a source document (SummEdits writes several edited
summaries of one document, ids ``summedits/<domain>/<doc>_<n>``) fall on the
same side, so no validation summary has a training sibling.

>>> is_validation("wice/dev02986") in (True, False)
True
>>> is_validation("summedits/news/abc_og") == is_validation("summedits/news/abc_3")
True
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["group_key", "is_heldout_nli", "is_validation", "stable_bucket"]

_PUNCT = re.compile(r"[^a-z0-9]+")


def stable_bucket(text: str, buckets: int) -> int:
    """A bucket in ``range(buckets)`` from the SHA-256 of ``text``.

    >>> stable_bucket("abc", 2)
    0
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % buckets


def group_key(example_id: str) -> str:
    """The id that decides an example's side: its source document where known.

    >>> group_key("summedits/news/63f9_og")
    'summedits/news/63f9'
    >>> group_key("wice/dev02986")
    'wice/dev02986'
    """
    if example_id.startswith("summedits/") and "_" in example_id:
        return example_id.rsplit("_", 1)[0]
    return example_id


def is_validation(example_id: str) -> bool:
    """True for the validation half of a development file: never trained on.

    >>> sum(is_validation(f"wice/dev{i:05d}") for i in range(1000)) in range(430, 570)
    True
    """
    return stable_bucket(group_key(example_id), 2) == 0


def _normalise(text: str) -> str:
    return _PUNCT.sub(" ", text.lower()).strip()


def is_heldout_nli(premise: str, hypothesis: str, *, buckets: int = 20) -> bool:
    """True for the held-out part (about 1/10) of the NLI training files.

    Held out by premise and by claim, so that no training pair shares either
    with a held-out pair (several files have many hypotheses per premise, and
    VitaminC and FEVER-NLI share claims).

    >>> is_heldout_nli("A man sleeps.", "A person rests.") in (True, False)
    True
    """
    return (
        stable_bucket("p:" + _normalise(premise), buckets) == 0
        or stable_bucket("h:" + _normalise(hypothesis), buckets) == 0
    )
