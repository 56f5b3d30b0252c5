"""The police scenarios of ``corpora/police/`` as benchmark examples.

Each YAML file is one hand-written scenario: its sources, a briefing and the
gold label of every briefing sentence (format in ``corpora/police/README.md``).
They load as :class:`~provcheck.evaluate.runner.Example` records, so
``provcheck eval corpora/police`` scores them like any development file.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "p01.yaml").write_text(
...     "id: police/p01\\nsources:\\n  - id: log.txt\\n    text: 'About 30 fans.'\\n"
...     "briefing: 'Thirty fans came. Two were arrested.'\\n"
...     "sentences:\\n  - text: Thirty fans came.\\n    label: supported\\n"
...     "  - text: Two were arrested.\\n    label: unsupported\\n    fault: invented\\n")
>>> (example,) = load_police(folder)
>>> example.label, [(s.start, s.end, s.label) for s in example.sentences]
('unsupported', [(0, 17, 'supported'), (18, 36, 'unsupported')])
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from provcheck.errors import InputError
from provcheck.evaluate.runner import Example, Source

__all__ = ["load_police"]

_LABELS = {"supported", "unsupported", "contradicted", "partial", "not_checkable"}


class _Sentence(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str
    label: str
    fault: str | None = None


class _Scenario(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    sources: list[Source]
    briefing: str
    sentences: list[_Sentence]


def load_police(folder: Path) -> list[Example]:
    """Every ``*.yaml`` scenario in ``folder`` as an Example, sorted by file name.

    Sentences labelled ``not_checkable`` carry no gold label for the metrics.
    """
    examples = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            scenario = _Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError) as err:
            raise InputError(f"{path}: not a police scenario ({err})") from err
        sentences, cursor = [], 0
        for sentence in scenario.sentences:
            if sentence.label not in _LABELS:
                raise InputError(f"{path}: unknown label {sentence.label!r}")
            start = scenario.briefing.find(sentence.text, cursor)
            if start < 0:
                raise InputError(f"{path}: sentence not in the briefing: {sentence.text[:60]!r}")
            cursor = start + len(sentence.text)
            if sentence.label != "not_checkable":
                sentences.append({"start": start, "end": cursor, "label": sentence.label, "kind": sentence.fault})
        label = "supported" if all(s["label"] == "supported" for s in sentences) else "unsupported"
        examples.append(Example.model_validate({
            "id": scenario.id, "dataset": "police", "briefing": scenario.briefing, "label": label,
            "sources": [s.model_dump() for s in scenario.sources], "sentences": sentences,
        }))
    return examples
