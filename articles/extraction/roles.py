"""The position an article gives a person: "Президент Казахстана Нурсултан Назарбаев".

A role is read from the words right before a name (or, failing that, an apposition in
commas right after it) as a chain of segments joined by dashes:

    segment = adjective* POSITION dependent*

where POSITION is a noun from the lexicon below and the dependents are what Russian puts
after a title: genitive nouns and adjectives, organizations and places, abbreviations and
a few prepositional phrases ("по делам", "при президенте", "в России"). The chain never
crosses punctuation other than a dash, a sentence end or another person.

Enumerations share one plural head: "секретари советов безопасности Казахстана А. Б.,
Кыргызстана В. Г." gives each person "секретарь Совета безопасности <own country>".
"""

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import morph
from .ner import LOC, ORG, Tagged, Token


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas as pymorphy3 gives them; "вице-" and "экс-" forms of each are positions too.
POSITIONS = _words(
    """
    президент премьер-министр премьер министр замминистра секретарь госсекретарь генсек
    директор гендиректор глава председатель зампред зампредседателя сопредседатель
    заместитель замглавы член депутат сенатор аким посол спикер губернатор мэр руководитель
    советник помощник пресс-секретарь представитель полпред спецпредставитель начальник
    командующий главнокомандующий главком канцлер король королева принц шейх эмир султан
    лидер основатель управляющий заведующий прокурор генпрокурор судья омбудсмен
    уполномоченный консул атташе ректор декан координатор комиссар руководительница
    председательница начальница политолог экономист аналитик эксперт журналист
    корреспондент обозреватель
    """
)
_POSITION_PREFIXES = ("вице-", "экс-")

# An organization noun made singular names one body, so it takes a capital:
# "секретари советов безопасности" -> "секретарь Совета безопасности".
ORGANIZATION_NOUNS = _words(
    """
    совет госсовет комитет министерство агентство парламент правительство администрация
    суд палата собрание сенат дума мажилис сейм хурал меджлис комиссия служба управление
    департамент штаб генштаб прокуратура ведомство
    """
)
# Nouns that name one thing per person but stay lower-case: "главы государств" -> "глава
# государства".
_COUNTED_NOUNS = _words(
    """
    государство страна область регион город район округ провинция штат республика
    делегация компания банк фонд университет партия организация
    """
)
_ROLE_PREPOSITIONS = frozenset({"по", "при", "в", "во"})
_DASHES = frozenset({"—", "–", "-"})
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")
_MAX_UNITS = 30
_MAX_QUOTED = 8
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
_CLOSING = frozenset({",", ".", ";", ":", ")", "!", "?", "»"})

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


def find_roles(
    text: str,
    tokens: tuple[Token, ...],
    entities: list[Tagged],
    persons: list[tuple[int, int]],
) -> dict[tuple[int, int], Role]:
    index = _Index(tokens, entities, persons)
    roles: dict[tuple[int, int], Role] = {}
    for start, end in sorted(persons):
        first, last = index.token_range(start, end)
        if first is None:
            continue
        role = (
            _role_before(text, index, first)
            or _enumerated(text, index, first, roles, persons)
            or _role_after(text, index, last)
        )
        if role:
            roles[start, end] = role
    return roles


class _Index:
    # Which tokens belong to which organization, place or person, for one text.
    def __init__(self, tokens, entities, persons):
        self.tokens = tokens
        self.starts = [token.start for token in tokens]
        self.entity = [None] * len(tokens)
        self.person = [None] * len(tokens)
        for number, span in enumerate(entities):
            for i in self._covered(span.start, span.end):
                self.entity[i] = (number, span.label)
        for number, (start, end) in enumerate(persons):
            for i in self._covered(start, end):
                self.person[i] = number

    def _covered(self, start, end):
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.tokens) and self.tokens[i].start < end:
            yield i
            i += 1

    def token_range(self, start, end):
        covered = list(self._covered(start, end))
        return (covered[0], covered[-1]) if covered else (None, None)

    def same_sentence(self, i, j):
        return 0 <= j < len(self.tokens) and self.tokens[i].sentence == self.tokens[j].sentence

    def in_chain(self, i):
        token = self.tokens[i]
        if self.person[i] is not None:
            return False
        if self.entity[i] is not None or _WORD.fullmatch(token.text) or token.text in _DASHES:
            return True
        if token.text == ",":
            return self._between_genitives(i)
        return self._bracketed_abbreviation(i) is not None or self._quoted(i) is not None

    def _between_genitives(self, i):
        # "министра инвестиций, промышленности и торговли": a comma inside one dependent.
        return all(
            self.same_sentence(i, j)
            and self.entity[j] is None
            and self.person[j] is None
            and _word_facts(self.tokens[j].text.lower())[2]
            for j in (i - 1, i + 1)
        )

    def _quoted(self, i):
        # «Нур Отан»: the (first, last) token indices of a short quoted name around i.
        text = self.tokens[i].text
        if text == "«":
            step, other = 1, "»"
        elif text == "»":
            step, other = -1, "«"
        else:
            return None
        for j in range(i + step, i + step * _MAX_QUOTED, step):
            if not self.same_sentence(i, j) or self.person[j] is not None:
                return None
            if self.tokens[j].text == other:
                return (min(i, j), max(i, j)) if abs(i - j) > 1 else None
        return None

    def _bracketed_abbreviation(self, i):
        # "(ШОС)" after a name: the start index of the three tokens, or None.
        for first in (i, i - 1, i - 2):
            if first >= 0 and first + 2 < len(self.tokens):
                a, b, c = self.tokens[first : first + 3]
                if a.text == "(" and c.text == ")" and morph.is_abbreviation(b.text):
                    return first
        return None

    def units(self, lo, hi) -> list[Unit]:
        found = []
        i = lo
        while i < hi:
            token = self.tokens[i]
            if self.entity[i] is not None:
                j = i
                while j < hi and self.entity[j] == self.entity[i]:
                    j += 1
                end = self.tokens[j - 1].end
                found.append(Unit(ENTITY, token.start, end, "", self.entity[i][1]))
                i = j
                continue
            if token.text == "(" and self._bracketed_abbreviation(i) == i and i + 2 < hi:
                end = self.tokens[i + 2].end
                found.append(Unit(ENTITY, token.start, end, "", "ABBR"))
                i += 3
                continue
            quoted = self._quoted(i)
            if quoted and quoted[0] == i and quoted[1] < hi:
                end = self.tokens[quoted[1]].end
                found.append(Unit(ENTITY, token.start, end, "", ORG))
                i = quoted[1] + 1
                continue
            if token.text in _DASHES:
                found.append(Unit(DASH, token.start, token.end, token.text))
            elif token.text == ",":
                found.append(Unit(COMMA, token.start, token.end, token.text))
            elif morph.is_abbreviation(token.text) or not morph.is_cyrillic(token.text):
                found.append(Unit(ENTITY, token.start, token.end, token.text, "ABBR"))
            else:
                found.append(Unit(WORD, token.start, token.end, token.text))
            i += 1
        return found


def _with_text(text, units):
    return [Unit(u.kind, u.start, u.end, u.text or text[u.start : u.end], u.label) for u in units]


def _window_before(text, index, first):
    lo = first
    while (
        lo - 1 >= 0
        and first - lo < _MAX_UNITS
        and index.same_sentence(first, lo - 1)
        and index.in_chain(lo - 1)
    ):
        lo -= 1
    return lo, _with_text(text, index.units(lo, first))


def _role_before(text, index, first) -> Role | None:
    _, units = _window_before(text, index, first)
    for start in range(len(units)):
        if _starts_segment(units[start]):
            segments = _parse(units[start:])
            if segments:
                return _role(segments)
    return None


def _role_after(text, index, last) -> Role | None:
    # "Иван Петров, министр финансов, заявил": only a complete apposition closed by
    # punctuation; one that runs into the next name belongs to that name.
    comma = last + 1
    if not index.same_sentence(last, comma) or index.tokens[comma].text != ",":
        return None
    hi = comma + 1
    while hi < len(index.tokens) and index.same_sentence(comma, hi) and index.in_chain(hi):
        hi += 1
    closed = not index.same_sentence(comma, hi) or (
        index.person[hi] is None and index.tokens[hi].text in _CLOSING
    )
    if hi == comma + 1 or not closed:
        return None
    segments = _parse(_with_text(text, index.units(comma + 1, hi)))
    return _role(segments) if segments else None


def _enumerated(text, index, first, roles, persons) -> Role | None:
    # "секретари ... Казахстана А. Б., Кыргызстана В. Г.": an item with no position of
    # its own, right after a person whose role it shares.
    lo, units = _window_before(text, index, first)
    if units and units[0].kind == WORD and units[0].text.lower() == "и":
        units = units[1:]
        before = lo - 1
    elif lo - 1 >= 0 and index.same_sentence(first, lo - 1) and index.tokens[lo - 1].text == ",":
        before = lo - 2
    else:
        return None
    if not index.same_sentence(first, before) or index.person[before] is None:
        return None
    previous = roles.get(persons[index.person[before]])
    if previous is None or not previous.shared or not all(_is_dependent(u) for u in units):
        return None
    if not units:
        if not previous.plural:
            return None
        own = previous.text
    else:
        own = f"{previous.shared} {_written(units)}"
    return Role(
        own,
        previous.start,
        units[-1].end if units else previous.end,
        previous.head_cases,
        previous.shared,
        previous.plural,
    )


def _parse(units: list[Unit]) -> list[_Segment] | None:
    segments = []
    i, n = 0, len(units)
    while True:
        adjectives_start = i
        while i < n and _is_adjective(units[i]) and not _is_position(units[i]):
            i += 1
        if i >= n or not _is_position(units[i]):
            return None
        head = i
        i += 1
        dependents_start = i
        after_preposition = False
        while i < n and units[i].kind != DASH:
            unit = units[i]
            linker = unit.text.lower() if unit.kind in (WORD, COMMA) else ""
            if linker in _ROLE_PREPOSITIONS or linker in ("и", ","):
                if i + 1 >= n or units[i + 1].kind == DASH:
                    return None
                after_preposition = after_preposition or linker in _ROLE_PREPOSITIONS
            elif not (_is_dependent(unit) or (after_preposition and _is_noun(unit))):
                return None
            i += 1
        segments.append(
            _Segment(
                tuple(units[adjectives_start:head]),
                units[head],
                tuple(units[dependents_start:i]),
            )
        )
        if i == n:
            return segments
        i += 1
        if i == n:
            return None


def _starts_segment(unit):
    return _is_position(unit) or _is_adjective(unit)


def _is_dependent(unit):
    return unit.kind == ENTITY or _is_adjective(unit) or _is_genitive_noun(unit)


@functools.lru_cache(maxsize=20_000)
def _word_facts(word: str) -> tuple[bool, bool, bool, bool]:
    position = adjective = genitive = noun = False
    for parse in morph.parses(word):
        tags = morph.grammemes(parse)
        if "NOUN" in tags:
            noun = True
            position = position or _is_position_lemma(parse.normal_form)
            genitive = genitive or "gent" in tags or "Fixd" in tags
        elif tags & {"ADJF", "PRTF"} and "Apro" not in tags:
            adjective = True
    return position, adjective, genitive, noun


def _is_position_lemma(lemma: str) -> bool:
    if lemma in POSITIONS:
        return True
    return any(lemma.startswith(p) and lemma[len(p) :] in POSITIONS for p in _POSITION_PREFIXES)


def title_length(written: str) -> int:
    # How many characters of a name the model tagged are a title: "Аким " in "Аким
    # Туркестанской области", "Генеральный секретарь " in "Генеральный секретарь ООН".
    for match in re.finditer(r"\S+", written):
        word = match.group()
        if is_position_word(word):
            rest = written[match.end() :]
            return match.end() + len(rest) - len(rest.lstrip())
        if not is_adjective_word(word):
            return 0
    return 0


def is_position_word(word: str) -> bool:
    return _word_facts(word.lower())[0]


def is_adjective_word(word: str) -> bool:
    return _word_facts(word.lower())[1]


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


def _role(segments: list[_Segment]) -> Role:
    head = segments[0].head
    plural = "plur" in morph.grammemes(_head_parse(head.text))
    head_cases = frozenset(
        case
        for parse in morph.parses(head.text.lower())
        if _is_position_lemma(parse.normal_form)
        for case in morph.grammemes(parse) & _CASES
    )
    full = _render(segments, plural)
    # What enumerated items share: the role without its own trailing place or body.
    last = segments[-1]
    own = _trailing_entities(last.dependents)
    if own:
        rest = last.dependents[: len(last.dependents) - len(own)]
        shared = _render([*segments[:-1], _Segment(last.adjectives, last.head, rest)], plural)
    else:
        shared = full if plural else ""
    first_unit = (segments[0].adjectives or (head,))[0]
    last_unit = (last.dependents or (last.head,))[-1]
    return Role(
        full,
        first_unit.start,
        last_unit.end,
        head_cases,
        shared,
        plural,
        _qualified(segments),
    )


def _render(segments, plural) -> str:
    parts = []
    for number, segment in enumerate(segments):
        if number:
            parts.append("—")
        parts.append(_nominative_phrase(segment, _head_parse(segment.head.text)))
        if segment.dependents:
            parts.append(_dependents(segment.dependents, plural))
    return " ".join(parts)


def _trailing_entities(units):
    count = 0
    for unit in reversed(units):
        if unit.kind != ENTITY:
            break
        count += 1
    return units[len(units) - count :] if count else ()


def _qualified(segments):
    last = segments[-1].dependents
    if len(segments) < 2 or not last or last[-1].label != LOC:
        return ()
    return tuple(
        (segment.dependents[-1].start, segment.dependents[-1].end, last[-1].text)
        for segment in segments[:-1]
        if segment.dependents and segment.dependents[-1].label == ORG
    )


def _head_parse(word: str):
    candidates = [p for p in morph.parses(word.lower()) if _is_position_lemma(p.normal_form)]
    for parse in candidates:
        if {"nomn", "sing"} <= morph.grammemes(parse):
            return parse
    return candidates[0]


def _nominative_phrase(segment: _Segment, head_parse) -> str:
    tags = morph.grammemes(head_parse)
    gender = "femn" if "femn" in tags else "masc"
    words = [_adjective_nominative(a.text, head_parse, gender) for a in segment.adjectives]
    if {"nomn", "sing"} <= tags:
        words.append(segment.head.text)
    else:
        inflected = morph.inflect(head_parse, "nomn", "sing")
        words.append(
            morph.as_written(segment.head.text, inflected) if inflected else segment.head.text
        )
    return " ".join(words)


def _adjective_nominative(word: str, head_parse, gender: str) -> str:
    head_tags = morph.grammemes(head_parse)
    agreeing = [
        p
        for p in morph.parses(word.lower())
        if morph.grammemes(p) & {"ADJF", "PRTF"} and (morph.grammemes(p) & head_tags & _CASES)
    ]
    if not agreeing:
        return word
    parse = agreeing[0]
    if {"nomn", "sing"} <= morph.grammemes(parse) and gender in morph.grammemes(parse):
        return word
    inflected = morph.inflect(parse, "nomn", "sing", gender)
    return morph.as_written(word, inflected) if inflected else word


def _dependents(units, plural: bool) -> str:
    if not plural:
        return _written(units)
    # One person of a plural head holds one of each body: "советов" -> "Совета".
    words = [u.text for u in units]
    for i, unit in enumerate(units):
        parse = _counted_plural(unit)
        if parse is None:
            continue
        case = next(iter(morph.grammemes(parse) & _CASES))
        tags = morph.grammemes(parse)
        gender = next((g for g in ("masc", "femn", "neut") if g in tags), "masc")
        singular = morph.inflect(parse, case, "sing")
        if singular is None:
            continue
        words[i] = morph.as_written(unit.text, singular)
        first = i
        while first > 0 and _is_adjective(units[first - 1]):
            adjective = _plural_adjective(units[first - 1].text, case)
            if adjective is None:
                break
            inflected = morph.inflect(adjective, case, "sing", gender)
            if inflected is None:
                break
            words[first - 1] = morph.as_written(units[first - 1].text, inflected)
            first -= 1
        if parse.normal_form in ORGANIZATION_NOUNS:
            words[first] = morph.capitalised(words[first])
    return _joined(words)


def _counted_plural(unit):
    if unit.kind != WORD:
        return None
    for parse in morph.parses(unit.text.lower()):
        tags = morph.grammemes(parse)
        lemma = parse.normal_form
        if "NOUN" in tags and "plur" in tags and lemma in ORGANIZATION_NOUNS | _COUNTED_NOUNS:
            return parse
    return None


def _plural_adjective(word, case):
    for parse in morph.parses(word.lower()):
        tags = morph.grammemes(parse)
        if tags & {"ADJF", "PRTF"} and "plur" in tags and case in tags:
            return parse
    return None
