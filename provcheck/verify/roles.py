"""Who did what to whom: a briefing that turns the attackers into the attacked.

"Wetherton fans threw bottles at a group of Hollinsby men" where the log says
"Hollinsby males throwing bottles and glasses at Wetherton fans" names the
same two groups and the same act, so words, names and the verifier all find
it supported. This check reads the doer and the target of an act of violence
(spaCy's parse: the subject, or the agent of a passive, against the object or
the "at" / "on" phrase) in the claim and in a passage, and reports the two
wordings when the passage has the same act the other way round.

>>> claimed, logged = swapped_roles("Wetherton fans threw bottles at a group of Hollinsby men.",
...     "21:52 - Hollinsby males throwing bottles and glasses at Wetherton fans walking back to coaches.")
>>> claimed
'Wetherton fans threw bottles at a group of Hollinsby men'
>>> logged
'21:52 - Hollinsby males throwing bottles and glasses at Wetherton fans'
>>> swapped_roles("Hollinsby men threw bottles at Wetherton fans.", "Hollinsby males threw bottles at Wetherton fans.")
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from provcheck.claims.nlp import load_nlp

__all__ = ["Roles", "roles_in", "swapped_roles"]

# acts with a doer and a target, by lemma
_ACTS = frozenset({"throw", "spit", "punch", "attack", "assault", "hit", "kick", "chase", "ambush", "confront",
                   "goad", "taunt", "abuse", "stab", "strike", "charge", "threaten", "fight", "target", "pelt"})
_ACT_WORDS = re.compile(r"\b(?:thr[eo]w|spat|spit|punch|attack|assault|hit|kick|chas|ambush|confront|goad|taunt|"
                        r"abus|stab|stru?ck|charg|threat|pelt|target)", re.I)
_SIDES = frozenset({"home", "away", "visiting", "host", "local"})
_AT = frozenset({"at", "on", "towards", "toward", "into"})


class Roles(NamedTuple):
    """An act, its doer's and its target's group, and the words that say it."""

    act: str
    doer: str
    target: str
    words: str


def _phrase(token: object) -> list:
    """The words of a noun phrase, without its prepositional phrases ("supporters in Block B": supporters)."""
    words, todo = [], [token]
    while todo:
        t = todo.pop(0)
        words.append(t)
        todo += [c for c in t.children if c.dep_ not in {"prep", "relcl", "punct", "cc"}]  # type: ignore[attr-defined]
    return words


def _group(token: object) -> str:
    """The group a noun phrase names: its proper-noun or side word ("Hollinsby", "home"), lower-cased."""
    words = sorted(_phrase(token), key=lambda t: t.i)
    for t in words:  # "Kirkhaven fans" (parsed as an adjective), "Orrin Vale supporter": the first proper word
        if t.pos_ == "PROPN" or (t.text[:1].isupper() and t.dep_ in {"compound", "amod", "nmod"}):
            return t.text.lower()
    for t in words:
        if t.lower_ in _SIDES:
            return "away" if t.lower_ == "visiting" else "home" if t.lower_ in {"host", "local"} else t.lower_
    return ""


def _target(verb: object) -> object | None:
    """The "at" / "on" phrase of the act (or of its object: "over the segregation at home fans"), else its object."""
    preps = [c for c in verb.children if c.dep_ == "prep"]  # type: ignore[attr-defined]
    preps += [g for p in preps for o in p.children if o.dep_ == "pobj" for g in o.children if g.dep_ == "prep"]
    for child in preps:
        if child.lower_ in _AT:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            objects += [s for c in child.children if c.dep_ == "pcomp" for s in c.children if s.dep_ == "nsubj"]
            # "at Wetherton fans walking back" parses the fans as the subject of "walking"; "At ten to ten" is a time
            named = [o for o in objects if _group(_of(o))]
            if named:
                return _of(named[0])
    for child in verb.children:  # type: ignore[attr-defined]
        if child.dep_ == "dobj" and _group(child):
            return child
    return None


def _of(token: object) -> object:
    """"a group of Hollinsby men" is about the men."""
    if token.lower_ in {"group", "groups", "number", "crowd", "gang"}:  # type: ignore[attr-defined]
        for child in token.children:  # type: ignore[attr-defined]
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return token


@lru_cache(maxsize=4096)
def roles_in(text: str) -> tuple[Roles, ...]:
    """Every act of ``text`` whose doer and target both name a group."""
    if not _ACT_WORDS.search(text):
        return ()
    found = []
    for verb in load_nlp()(text):
        if verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in _ACTS:
            continue
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        head = verb
        while subject is None and head.dep_ == "conj":  # "spitting at and throwing coins at": one subject
            head = head.head
            subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None and head.dep_ in {"acl", "relcl"}:  # "Hollinsby males throwing bottles"
            subject = head.head
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        passive = agent is not None or any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        doer, target = (agent, subject) if passive else (subject, _target(verb))
        if doer is None or target is None:
            continue
        a, b = _group(_of(doer)), _group(_of(target))
        if a and b and a != b:
            tokens = [t.i for t in (doer, target, verb, *_phrase(doer), *_of(target).subtree)]  # type: ignore[attr-defined]
            span = text[verb.doc[min(tokens)].idx:verb.doc[max(tokens)].idx + len(verb.doc[max(tokens)])]
            found.append(Roles(verb.lemma_.lower(), a, b, span))
    return tuple(found)


def swapped_roles(claim: str, passage: str) -> tuple[str, str] | None:
    """(briefing wording, source wording) when the passage has the claim's act with doer and target swapped."""
    stated = roles_in(passage)
    for mine in roles_in(claim):
        same_act = [t for t in stated if t.act == mine.act]
        if any((t.doer, t.target) == (mine.doer, mine.target) for t in same_act):
            continue  # the passage also says it the claim's way round
        for theirs in same_act:  # the claim's doer is the passage's target: "home fans" against "Kirkhaven fans"
            if mine.doer == theirs.target and mine.doer != theirs.doer:
                return mine.words, theirs.words
    return None
