"""One claim against one passage: overlap, similarity, atom matches and clashes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from provcheck.schema import Atom, AtomKind, Claim, NliScores, Passage
from provcheck.values import Match, Value, find, value_at
from provcheck.verify.checks import (
    SCORE,
    Clash,
    compare_dates,
    compare_numbers,
    compare_scores,
    compare_times,
    content_words,
    entity_in,
    is_negated,
    negation_flip,
    same_word,
)
from provcheck.verify.roles import swapped_roles
from provcheck.verify.swap import swapped_name

__all__ = ["Judgement", "judge"]


@dataclass
class Judgement:
    """How one passage bears on one claim. All scores are 0-1."""

    passage: Passage
    similarity: float
    coverage: float
    missing_atoms: list[str] = field(default_factory=list)
    missing_entities: list[str] = field(default_factory=list)
    missing_values: list[str] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    negation_flip: bool = False
    predicate_missing: bool = False
    clash_coverage: float = 0.5
    named: int = 0  # how many of the claim's details the passage states
    same_event: bool = False  # it states two or more of them, with the claim's verb
    nli: NliScores | None = None
    context_nli: NliScores | None = None  # the verifier's reading of the passage with its neighbours

    def in_context(self) -> Judgement:
        """This judgement as the verifier read it with the passage's neighbours (itself when it did not)."""
        return self if self.context_nli is None else replace(self, nli=self.context_nli, context_nli=None)

    @property
    def relatedness(self) -> float:
        """How much the passage is about what the claim is about."""
        return 0.5 * self.similarity + 0.5 * self.coverage

    @property
    def support(self) -> float:
        """How strongly the passage states the claim, penalised for clashes."""
        base = 0.5 * self.nli.supported + 0.5 * self.relatedness if self.nli is not None else self.relatedness
        if self.missing_values:  # the rules' reading; the fitted decision weighs it against the verifier's
            return 0.0
        penalty = 0.25 * len(self.missing_atoms) + (0.5 if self.clashes or self.negation_flip else 0.0)
        penalty += 0.2 if self.predicate_missing and self.nli is None else 0.0
        return max(0.0, min(1.0, base - penalty))

    @property
    def same_subject(self) -> bool:
        """Whether the passage names every entity of the claim and most of its words."""
        return (not self.missing_entities and not self.predicate_missing
                and self.coverage >= self.clash_coverage and (self.similarity >= 0.5 or self.same_event))

    @property
    def contradiction(self) -> float:
        """How strongly the passage states something else about the same thing.

        Only a deterministic clash (a value, a name or a negation, shown side by
        side) contradicts; the verifier's contradiction probability alone names
        no value an analyst could check, so it feeds the calibrated support instead.
        """
        if not self.same_subject:
            return 0.0
        if not (self.clashes or self.negation_flip):
            return 0.0
        # "No arrests were made" negates "several were arrested": a count the negation denies is not missing
        missing = self.missing_values if not (self.negation_flip and not self.clashes) else []
        if missing or self.missing_entities:
            return 0.0
        return min(1.0, self.relatedness + 0.2)


def judge(claim: Claim, passage: Passage, similarity: float, *, entity_match: float, context: str = "") -> Judgement:
    """Compare a claim's words and atoms with one passage.

    ``context`` is the document's title and the passage just before this one:
    what it names (the match, the date) counts as found, but never as a clash.
    """
    words = content_words(claim.text)
    passage_words = content_words(context + " " + passage.text)
    covered = sum(1 for w in words if any(same_word(w, p) for p in passage_words))
    result = Judgement(
        passage=passage,
        similarity=max(0.0, min(1.0, similarity)),
        coverage=covered / len(words) if words else 0.0,
    )
    for atom in claim.atoms:
        found, clash = _check_atom(claim, atom, passage.text, entity_match)
        if clash is not None and context and _check_atom(claim, atom, context, entity_match)[0]:
            found, clash = True, None
        if not found and clash is None and context:
            found = _check_atom(claim, atom, context, entity_match)[0]
        if clash is not None:
            result.clashes.append(clash)
        elif not found:
            result.missing_atoms.append(atom.text)
            if atom.kind is AtomKind.ENTITY:
                result.missing_entities.append(atom.text)
            else:
                result.missing_values.append(atom.text)
    result.predicate_missing = bool(claim.predicate) and not any(
        same_word(form, w) for form in claim.predicate for w in passage_words
    )
    result.named = sum(1 for a in claim.atoms if a.text not in result.missing_atoms) if claim.atoms else 0
    # a passage naming two or more of the claim's details, with its verb, is about the same event
    result.same_event = result.named >= 2 and not result.missing_entities and not result.predicate_missing
    # a negation in the claim's frame ("Authorities will not say how ...") is in its text, as in the passage's
    negated = claim.negated or is_negated(claim.text)
    enough = result.coverage >= 0.7 or (result.same_event and result.coverage >= 0.6)
    result.negation_flip = enough and negation_flip(claim.text, negated, passage.text)
    if not result.clashes and not result.negation_flip:
        _check_swap(claim, passage.text, context, entity_match, result)
    roles = swapped_roles(claim.text, passage.text) if not result.clashes else None
    if roles is not None:  # the same act, doer and target the other way round: a clash no other passage resolves
        result.clashes.append(Clash(AtomKind.ENTITY, *roles))
    if any(c.kind is not AtomKind.NUMBER for c in result.clashes) or (result.negation_flip and not result.clashes):
        result.clash_coverage = 0.6 if result.same_event else 0.7
    return result


def _check_swap(claim: Claim, passage: str, context: str, entity_match: float, result: Judgement) -> None:
    """Record a name of the claim that the passage replaces with another as an entity clash."""
    swap = swapped_name(claim.text, passage, entity_match=entity_match)
    if swap is None or (context and entity_in(swap[0], context, threshold=entity_match)):
        return
    name_words = set(content_words(swap[0]))
    rest = [w for w in content_words(claim.text) if w not in name_words]
    passage_words = content_words(context + " " + passage)
    coverage = sum(1 for w in rest if any(same_word(w, p) for p in passage_words)) / len(rest) if rest else 0.0
    if coverage < 0.7:
        return
    result.clashes.append(Clash(AtomKind.ENTITY, swap[0], swap[1]))
    result.coverage = coverage
    result.missing_atoms = [m for m in result.missing_atoms if not entity_in(m, swap[0], threshold=entity_match)
                            and not entity_in(swap[0], m, threshold=entity_match)]
    result.missing_entities = [m for m in result.missing_entities if m in result.missing_atoms]


def _check_atom(claim: Claim, atom: Atom, text: str, entity_match: float) -> tuple[bool, Clash | None]:
    if atom.kind is AtomKind.ENTITY:
        return entity_in(atom.text, text, threshold=entity_match), None
    if atom.kind in (AtomKind.NUMBER, AtomKind.TIME):
        value = value_at(claim.text, atom.start, atom.end)
        if value is not None:  # by meaning; a value Duckling cannot read falls back to its wording below
            match, stated = find(value, text)
            if match is Match.FOUND:
                return True, None
            if match is Match.CLASH and stated is not None:
                return False, Clash(atom.kind, _worded(claim.text, value), _worded(text, stated))
            return False, None
    if atom.kind is AtomKind.NUMBER:
        score = _score_around(claim.text, atom.start, atom.end)
        if score is not None:
            return compare_scores(score, text)
        noun = atom.unit or _counted_noun(claim.text, atom.end)
        found, clash = compare_numbers(atom, noun, text)
        if clash is not None and noun:
            written = re.match(rf"[\s\w-]{{0,20}}?\b({re.escape(noun[:4])}\w*)", claim.text[atom.end:], re.I)
            clash.briefing = f"{atom.text} {written.group(1)}" if written else clash.briefing
        return found, clash
    if atom.kind is AtomKind.DATE:
        return compare_dates(atom, text)
    return compare_times(atom, text)


def _score_around(text: str, start: int, end: int) -> str | None:
    """The match score ("2-1") that the number at ``start:end`` belongs to, or None."""
    for match in SCORE.finditer(text):
        if match.start() <= start and end <= match.end():
            return match.group(0)
    return None


def _counted_noun(text: str, end: int) -> str:
    """The first content word after a number: what it counts."""
    after = [w for w in re.findall(r"[a-z]+", text[end:end + 40].lower())][:3]
    content = [w for w in after if content_words(w)]
    if len(content) > 1 and content[0] in {"away", "home", "more", "extra"}:
        return content[1]
    return content[0] if content else ""


def _worded(text: str, value: Value) -> str:
    """A value with the noun it counts, as the text words it ("about 50 fans")."""
    if not value.counts:
        return value.text
    words = value.counts.split()  # "40 official coaches": worded up to the first plural, the thing counted
    noun = next((w for w in words if w.endswith("s") and len(w) > 3), words[0])
    after = re.match(rf"([\s\w'-]{{0,40}}?\b{re.escape(noun[:4])}\w*)", text[value.end:], re.I)
    return f"{value.text}{after.group(1)}" if after else value.text
