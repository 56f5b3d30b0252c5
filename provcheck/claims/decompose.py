"""One parsed sentence -> atomic pieces: clauses, predicates, list items, appositions, asides, reported speech.

A piece is a set of token indices of the sentence (so it may be several spans of the
briefing), the tokens of its attributed source, and how to word it on its own.

>>> from provcheck.claims.nlp import load_nlp
>>> sent = next(load_nlp()("Police made arrests in Leeds, York and Hull.").sents)
>>> [piece_text(sent.doc, p) for p in decompose(sent)]
['Police made arrests in Leeds.', 'Police made arrests in York.', 'Police made arrests in Hull.']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from provcheck.claims.lexicon import INTRANSITIVE_VERBS, SPEECH_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Piece", "decompose", "piece_runs", "piece_text"]

_MIN_CLAUSE_TOKENS = 3
_LIST_DEPS = {"dobj", "pobj", "attr", "nsubj", "nsubjpass", "oprd"}
_EDGE = {"cc", "punct", "mark", "prep"}
_REL_PRONOUNS = {"who", "which", "that", "whom"}
# what makes a verb's own predicate: an object, a complement, a prepositional or adverbial phrase
_COMPLEMENTS = {"dobj", "obj", "attr", "acomp", "ccomp", "xcomp", "oprd", "dative", "prep", "agent", "advmod",
                "prt", "advcl"}


class Piece(NamedTuple):
    """One atomic claim of a sentence, as token indices of its doc."""

    tokens: frozenset[int]
    kind: str
    root: int
    attribution: frozenset[int] = frozenset()
    copula: int | None = None
    frame: frozenset[int] = frozenset()


def decompose(sent: Span) -> list[Piece]:
    """The atomic claims of one sentence, in reading order."""
    pieces: list[Piece] = []
    for start, end in _clauses(sent):
        clause = sent.doc[start:end]
        pieces.extend(_split_clause(set(range(start, end)), clause.root, "clause", frozenset()))
    kept = [p for p in pieces if _has_content(sent.doc, p)]
    if not kept:
        whole = Piece(frozenset(range(sent.start, sent.end)), "clause", sent.root.i)
        kept = [whole] if piece_runs(sent.doc, whole) else []
    return sorted(kept, key=lambda p: (min(p.tokens), p.root))


def piece_runs(doc: Doc, piece: Piece) -> list[tuple[int, int]]:
    """Contiguous token runs ``[start, end)`` of a piece, edge punctuation and conjunctions trimmed."""
    runs: list[tuple[int, int]] = []
    for i in sorted(piece.tokens):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    trimmed = []
    for index, (start, end) in enumerate(runs):
        last = index == len(runs) - 1
        while start < end and (doc[start].dep_ in _EDGE and doc[start].pos_ in {"PUNCT", "CCONJ", "SCONJ"}):
            start += 1
        while end > start and _trailing_edge(doc[end - 1], last):
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed


def piece_text(doc: Doc, piece: Piece) -> str:
    """The piece worded as a sentence of its own (before pronouns are resolved)."""
    parts = [doc[s:e].text for s, e in piece_runs(doc, piece)]
    text = f"{parts[0]} is {' '.join(parts[1:])}" if piece.kind == "apposition" and len(parts) >= 2 else " ".join(parts)
    text = text.rstrip(" ,;:")
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def _trailing_edge(token: Token, last: bool) -> bool:
    if token.text in {".", "!", "?"} and last:
        return False
    return token.pos_ in {"PUNCT", "CCONJ"} or (token.dep_ == "cc")


def _clauses(sent: Span) -> list[tuple[int, int]]:
    """Token ranges of the sentence cut before each coordinated verb with its own subject, and at ';'."""
    cuts = set()
    for child in sent.root.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"} and _has_subject(child):
            cuts.add(min(t.i for t in child.subtree))
    cuts.update(t.i + 1 for t in sent if t.text == ";")
    cuts = {c for c in cuts if c - sent.start >= _MIN_CLAUSE_TOKENS and sent.end - c >= _MIN_CLAUSE_TOKENS}
    bounds = [sent.start, *sorted(cuts), sent.end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in token.children)


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _split_clause(tokens: set[int], root: Token, kind: str, source: frozenset[int]) -> list[Piece]:
    """Reported speech, asides, then coordinated predicates, then lists."""
    extras = []
    for aside, removed in _asides(tokens, root):
        tokens -= removed | _commas_around(root.doc, frozenset(removed))
        extras.append(aside._replace(attribution=source))
    reported = _reported(tokens, root)
    if reported is not None:
        content, speaker, head, frame = reported
        pieces = _split_clause(content, head, "attributed", source | speaker)
        return [p._replace(frame=p.frame | frame) for p in pieces] + extras
    pieces = [Piece(frozenset(tokens - _predicates_of(root, tokens)), kind, root.i, source)]
    for verb in _predicates(root, tokens):
        shared = _shared_with(root, tokens)
        own = _subtree(verb) & tokens
        pieces.append(Piece(frozenset(shared | own), "predicate", verb.i, source))
    listed = [item for piece in pieces for item in _list_items(piece, root.doc)]
    return listed + extras


def _reported(tokens: set[int], root: Token) -> tuple[set[int], frozenset[int], Token, frozenset[int]] | None:
    """("X said that Y") -> (Y's tokens, X's tokens, Y's root); ("according to X, Y") likewise."""
    doc = root.doc
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "according" and child.i in tokens:
            source = _subtree(child) & tokens
            speaker = frozenset(i for i in source if doc[i].dep_ not in {"prep", "pcomp"} and doc[i].lower_ != "to")
            content = tokens - source - _commas_around(doc, frozenset(source))
            return content, speaker, root, frozenset(source)
    if root.lemma_.lower() not in SPEECH_VERBS:
        return None
    comp = next((c for c in root.children if c.dep_ == "ccomp" and c.i in tokens), None)
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if comp is None or subject is None:
        return None
    content = {i for i in _subtree(comp) & tokens if not (doc[i].dep_ == "mark" and doc[i].head.i == comp.i)}
    if len(content) < _MIN_CLAUSE_TOKENS:
        return None
    end = max(tokens)
    if doc[end].text in {".", "!", "?"}:
        content.add(end)
    speaker = frozenset(_subtree(subject) & tokens)
    return content, speaker, comp, speaker | {root.i}


def _asides(tokens: set[int], root: Token) -> list[tuple[Piece, set[int]]]:
    """Appositions ("Gemma Riley, the liaison officer,") and comma-set relative clauses."""
    doc = root.doc
    asides = []
    for i in sorted(tokens):
        token = doc[i]
        if (token.dep_ == "appos" and token.head.i in tokens and token.head.pos_ == "PROPN"
                and _comma_before(doc, token) and token.head.ent_type_ not in {"DATE", "TIME"}
                and not _is_list(token)):
            own = _subtree(token) & tokens
            head = {t for t in _subtree(token.head) & tokens if t < min(own) and not doc[t].is_punct}
            asides.append((Piece(frozenset(head | own), "apposition", token.head.i, copula=token.i), own))
        elif token.dep_ == "relcl" and token.head.i in tokens and i > 0 and _comma_before(doc, token):
            rel = _subtree(token) & tokens
            head = {t for t in _subtree(token.head) & tokens if t not in rel and t < min(rel) and not doc[t].is_punct}
            body = {t for t in rel if not (doc[t].lower_ in _REL_PRONOUNS and doc[t].head.i == token.i)}
            if token.head.dep_ in {"nsubj", "nsubjpass"} or any(
                    doc[t].lower_ in _REL_PRONOUNS and doc[t].dep_ in {"nsubj", "nsubjpass"} for t in rel):
                asides.append((Piece(frozenset(head | body), "relative", token.i), rel))
    return asides


def _is_list(token: Token) -> bool:
    """An apposition that is really the second item of a list ("Canal Street, Mill Lane and Station Road")."""
    return any(c.dep_ == "conj" for c in token.children)


def _comma_before(doc: Doc, token: Token) -> bool:
    first = min(t.i for t in token.subtree)
    return first > 0 and doc[first - 1].text == ","


def _commas_around(doc: Doc, tokens: frozenset[int]) -> set[int]:
    if not tokens:
        return set()
    before, after = min(tokens) - 1, max(tokens) + 1
    return {i for i in (before, after) if 0 <= i < len(doc) and doc[i].text in {",", "-", "–", "(", ")"}}


def _predicates(root: Token, tokens: set[int]) -> list[Token]:
    """Verbs coordinated with the root that share its subject ("threw flares and damaged seats").

    None when the root, a verb that takes an object, has no object or complement
    of its own: in "caught and killed the gunman" the object is shared, and
    "Police caught." is no claim.
    """
    verbs = [c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i in tokens
             and not _has_subject(c) and len(_subtree(c)) >= 2]
    if verbs and root.pos_ == "VERB" and root.lemma_.lower() not in INTRANSITIVE_VERBS and not any(
            c.dep_ in _COMPLEMENTS and c.i in tokens and root.i < c.i < verbs[0].i for c in root.children):
        return []
    return verbs


def _predicates_of(root: Token, tokens: set[int]) -> set[int]:
    taken: set[int] = set()
    for verb in _predicates(root, tokens):
        own = _subtree(verb)
        taken |= own
        taken |= {c.i for c in root.children if c.dep_ in {"cc", "punct"} and c.i < min(own) and c.i > root.i}
    return taken & tokens


def _shared_with(root: Token, tokens: set[int]) -> set[int]:
    """The subject and auxiliaries a coordinated predicate shares with the root."""
    shared = set()
    for child in root.children:
        if child.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "neg"} and child.i < root.i:
            shared |= _subtree(child)
    return shared & tokens


def _list_items(piece: Piece, doc: Doc) -> list[Piece]:
    """One piece per item of the first list of nouns in the piece ("in Leeds, York and Hull")."""
    for i in sorted(piece.tokens):
        token = doc[i]
        items = _conjuncts(token, piece.tokens)
        if token.dep_ not in _LIST_DEPS or len(items) < 2:
            continue
        rest = piece.tokens - _subtree(token)
        joints = {t.i for item in items for t in item.children if t.dep_ in {"cc", "punct", "preconj"}}
        out = []
        for item in items:
            inner = set().union(*(_subtree(o) for o in items if o.i != item.i and o.i in _subtree(item)))
            own = (_subtree(item) - inner - joints) & piece.tokens
            out.append(piece._replace(tokens=frozenset(rest | own)))
        return out
    return [piece]


def _conjuncts(token: Token, tokens: frozenset[int]) -> list[Token]:
    if token.pos_ not in {"NOUN", "PROPN", "NUM"}:
        return []
    found = [token]
    frontier = [token]
    while frontier:
        current = frontier.pop()
        for child in current.children:
            listed = child.dep_ == "conj" or (child.dep_ == "appos" and _is_list(child) and current.pos_ == "PROPN")
            if listed and child.pos_ in {"NOUN", "PROPN", "NUM"} and child.i in tokens:
                found.append(child)
                frontier.append(child)
    return sorted(found, key=lambda t: t.i) if len(found) >= 2 else []


def _has_content(doc: Doc, piece: Piece) -> bool:
    return sum(1 for i in piece.tokens if not doc[i].is_punct) >= 2 and bool(piece_runs(doc, piece))

