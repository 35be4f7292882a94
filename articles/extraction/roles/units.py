"""The pieces a role is read from, and the role read."""

from dataclasses import dataclass, field

from .vocabulary import _word_facts

WORD, ENTITY, DASH, COMMA = "word", "entity", "dash", "comma"


@dataclass(frozen=True)
class Unit:
    kind: str
    start: int
    end: int
    text: str
    label: str = ""  # ORG, LOC or ABBR for entities


@dataclass(frozen=True)
class _Segment:
    adjectives: tuple[Unit, ...]
    head: Unit
    dependents: tuple[Unit, ...]


@dataclass(frozen=True)
class Role:
    text: str  # normalised: head in the nominative singular
    start: int
    end: int
    head_cases: frozenset  # the cases the head noun can be in: the name is in the same one
    shared: str = ""  # for enumerations: the role without its own trailing place/body
    plural: bool = False
    # (start, end, place) of organizations the role qualifies by a place given once at its
    # end: "член Госсовета — министр ... КНР" is a member of the Госсовет of the КНР.
    qualified: tuple[tuple[int, int, str], ...] = field(default=())


def _with_text(text, units):
    return [Unit(u.kind, u.start, u.end, u.text or text[u.start : u.end], u.label) for u in units]


def _starts_segment(unit):
    return _is_position(unit) or _is_adjective(unit)


def _is_dependent(unit):
    return unit.kind == ENTITY or _is_adjective(unit) or _is_genitive_noun(unit)


def _is_position(unit):
    return unit.kind == WORD and _word_facts(unit.text.lower())[0]


def _is_adjective(unit):
    return unit.kind == WORD and _word_facts(unit.text.lower())[1]


def _is_genitive_noun(unit):
    return unit.kind == WORD and _word_facts(unit.text.lower())[2]


def _is_noun(unit):
    return unit.kind == ENTITY or (unit.kind == WORD and _word_facts(unit.text.lower())[3])


def _written(units) -> str:
    return _joined(u.text for u in units)


def _joined(words) -> str:
    return " ".join(" ".join(word.split()) for word in words).replace(" ,", ",")
